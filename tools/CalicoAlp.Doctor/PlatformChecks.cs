using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Doctor;

/// <summary>Calico: how it is installed, which release runs, its API server, the CSI driver and FelixConfiguration default.</summary>
internal static class PlatformChecks
{
    public static IEnumerable<CheckResult> Calico(StackSettings settings, ClusterFacts facts)
    {
        var calico = facts.Calico;
        yield return InstallType(settings, calico);
        yield return Version(settings, calico);
        if (settings.Calico.ApiGroup == CalicoApiGroup.ProjectCalicoV3)
        {
            yield return ApiServer(calico);
        }

        if (settings.Mode == AlpMode.Istio)
        {
            yield return Csi(calico, facts.Nodes.Length);
            yield return Felix(settings, facts.FelixConfiguration);
        }
        else
        {
            yield return calico.ApplicationLayer
                ? CheckResult.Pass("enterprise-application-layer", "ApplicationLayer tigera-secure exists", "mode enterprise")
                : new("enterprise-application-layer", CheckStatus.Warn, "no ApplicationLayer tigera-secure", "mode enterprise",
                    "pulumi up creates it; make sure the Tigera operator of Calico Enterprise is installed");
        }
    }

    private static CheckResult InstallType(StackSettings settings, CalicoFacts calico)
    {
        const string id = "calico-install";
        var declared = $"calicoInstallType {(settings.Calico.InstallType == CalicoInstallType.Operator ? "operator" : "manifest")}";
        var saw = calico.OperatorInstallation ? "Installation default (Tigera operator)"
            : calico.CalicoNode is { } node ? $"DaemonSet {node.Namespace}/{node.Name} without an operator Installation (manifest install)"
            : "no Calico: neither Installation default nor a calico-node DaemonSet";
        if (!calico.OperatorInstallation && calico.CalicoNode is null)
        {
            return new(id, CheckStatus.Fail, saw, declared, "install Calico first (the operator install with the CSI driver on)");
        }

        var actual = calico.OperatorInstallation ? CalicoInstallType.Operator : CalicoInstallType.Manifest;
        return actual == settings.Calico.InstallType
            ? CheckResult.Pass(id, saw, declared)
            : new(id, CheckStatus.Fail, saw, declared, $"set calicoInstallType to {(actual == CalicoInstallType.Operator ? "operator" : "manifest")}");
    }

    private static CheckResult Version(StackSettings settings, CalicoFacts calico)
    {
        const string id = "calico-version";
        var declared = $"calicoVersion {settings.Calico.VersionText}";
        var image = calico.CalicoNode?.Images.FirstOrDefault(i => i.Contains("node", StringComparison.Ordinal));
        if (DoctorChecks.VersionOf(image) is not { } running)
        {
            return new(id, CheckStatus.Warn, image is null ? "no calico-node DaemonSet to read the release from" : $"calico-node image {image} has no release tag", declared);
        }

        var saw = $"calico-node {image}";
        // Advice never names a release alp check would refuse: a cluster on one is told to upgrade
        // Calico first, and only then to follow it with calicoVersion.
        var untestedAllowed = CompatibilityMatrix.CalicoRelease(running) is null && settings.GuardrailOverrides.Contains(Guardrail.UntestedVersions);
        if (settings.Mode == AlpMode.Istio && !CompatibilityMatrix.Recommendable(running) && !untestedAllowed)
        {
            var why = CompatibilityMatrix.CalicoRelease(running) switch
            {
                { Verdict: Verdict.Rejected } release => release.Why,
                null => $"v{running.MinorText} is newer than any line calico-alp has read in source",
                _ => $"v{running} lacks fixes Dikastes needs (the API server's apply, or gRPC security updates)",
            };
            return new(id, CheckStatus.Fail, saw, declared,
                $"upgrade Calico to {CompatibilityMatrix.RecommendedCalicoLine} ({why}), then set calicoVersion to that release");
        }

        if (running != settings.Calico.Version)
        {
            return new(id, CheckStatus.Fail, saw, declared, $"set calicoVersion to v{running}: the Dikastes tag and the compatibility rules follow it");
        }

        return CheckResult.Pass(id, saw, declared);
    }

    private static CheckResult ApiServer(CalicoFacts calico)
    {
        const string id = "calico-api-server";
        const string declared = "calicoApiGroup projectcalico.org/v3";
        return calico.ProjectCalicoApiService switch
        {
            true => CheckResult.Pass(id, "APIService v3.projectcalico.org Available", declared),
            false => new(id, CheckStatus.Fail, "APIService v3.projectcalico.org not Available", declared,
                "fix the Calico API server (calico-apiserver) before pulumi up; projectcalico.org/v3 objects go through it"),
            null => new(id, CheckStatus.Fail, "no APIService v3.projectcalico.org", declared,
                "install the Calico API server, or set calicoApiGroup to crd.projectcalico.org/v1"),
        };
    }

    private static CheckResult Csi(CalicoFacts calico, int nodes)
    {
        const string id = "calico-csi-driver";
        const string declared = "Policy Sync reaches Dikastes through csi.tigera.io";
        if (!calico.CsiDriver)
        {
            return new(id, CheckStatus.Fail, "no CSIDriver csi.tigera.io", declared,
                "turn the CSI driver on (Installation spec.kubeletVolumePluginPath must not be None)");
        }

        if (calico.CsiNodeDriver is not { } ds)
        {
            return new(id, CheckStatus.Fail, "CSIDriver csi.tigera.io, but no csi-node-driver DaemonSet", declared, "check the Tigera operator's status");
        }

        var saw = $"CSIDriver csi.tigera.io; DaemonSet {ds.Namespace}/{ds.Name} {ds.Ready}/{ds.Desired} ready on {nodes} node(s)";
        return ds.Ready == ds.Desired && ds.Desired >= nodes
            ? CheckResult.Pass(id, saw, declared)
            : new(id, CheckStatus.Fail, saw, declared, "pods on nodes without a ready csi-node-driver get no Dikastes socket; fix those nodes first");
    }

    private static CheckResult Felix(StackSettings settings, FelixFacts? felix)
    {
        const string id = "felix-configuration";
        var declared = settings.Calico.PolicySyncMethod == PolicySyncMethod.FelixConfiguration
            ? $"policySyncPathPrefix {settings.Calico.PolicySyncPathPrefix}, patched by field manager {settings.FieldManager}"
            : "policy sync through the calico-node environment";
        if (felix is null)
        {
            return new(id, CheckStatus.Fail, "no FelixConfiguration default", declared,
                "the stack only patches FelixConfiguration default, never creates it; wait for Calico to create it");
        }

        var saw = $"policySyncPathPrefix {(felix.PolicySyncPathPrefix is { Length: > 0 } p ? p : "(empty)")}";
        if (felix.BpfEnabled == true && (felix.BpfConnectTimeLoadBalancingEnabled == true
            || felix.BpfConnectTimeLoadBalancing is not null and not "Disabled"))
        {
            return new(id, CheckStatus.Fail, saw + $"; bpfEnabled true with connect-time load balancing {felix.BpfConnectTimeLoadBalancing ?? "enabled"}", declared,
                "set bpfConnectTimeLoadBalancing to Disabled (or TCP off): connect-time load balancing bypasses Istio's traffic redirection");
        }

        var others = felix.PolicySyncManagers.Where(m => m != settings.FieldManager).ToList();
        if (settings.Calico.PolicySyncMethod == PolicySyncMethod.FelixConfiguration && others.Count > 0
            && felix.PolicySyncPathPrefix is { Length: > 0 } current && current != settings.Calico.PolicySyncPathPrefix)
        {
            return new(id, CheckStatus.Fail, saw + $", owned by {string.Join(", ", others)}", declared,
                $"pulumi up would conflict with {string.Join(", ", others)} over spec.policySyncPathPrefix; set policySyncPathPrefix to {current}, or change it with that manager first");
        }

        return others.Count > 0
            ? new(id, CheckStatus.Warn, saw + $", also owned by {string.Join(", ", others)}", declared,
                "the value agrees, so the patch only shares the field; destroy gives it back to them")
            : CheckResult.Pass(id, saw, declared);
    }
}
