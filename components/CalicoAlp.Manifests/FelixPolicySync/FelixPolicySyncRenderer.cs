using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.FelixPolicySync;

public sealed record FelixPolicySyncSpec(string PolicySyncPathPrefix);

/// <summary>
/// Turns on Felix's Policy Sync API by patching what Calico created: FelixConfiguration default,
/// or, for manifest installs without the API server, calico-node's environment. Never owned.
/// </summary>
public static class FelixPolicySyncRenderer
{
    public const string FelixConfigurationName = "default";
    public const string CalicoNodeNamespace = "kube-system";
    public const string CalicoNode = "calico-node";
    public const string EnvVarName = "FELIX_POLICYSYNCPATHPREFIX";

    public static string Render(PlanContext ctx)
    {
        var calico = ctx.Settings.Calico;
        // Not forced: if another manager set a different prefix, the apply conflicts and stops (docs/domain.md).
        var policy = new ResourcePolicy(false, calico.RetainPolicySyncOnDestroy, []);
        if (calico.PolicySyncMethod == PolicySyncMethod.CalicoNodeEnv)
        {
            var template = new PodTemplateFragment(Spec: new PodSpecFragment(Containers:
                [new Container(CalicoNode, Env: [new EnvVar(EnvVarName, calico.PolicySyncPathPrefix)])]));
            return ctx.Add(Concern.FelixPolicySync, Ownership.Patch,
                new KubeObject<WorkloadPatchSpec>("apps/v1", "DaemonSet", new ObjectMeta(CalicoNode, CalicoNodeNamespace), new WorkloadPatchSpec(template)),
                [], policy).Id;
        }

        return ctx.Add(Concern.FelixPolicySync, Ownership.Patch,
            new KubeObject<FelixPolicySyncSpec>(calico.ApiGroup.ApiVersion(), "FelixConfiguration", new ObjectMeta(FelixConfigurationName),
                new FelixPolicySyncSpec(calico.PolicySyncPathPrefix)),
            [], policy).Id;
    }
}
