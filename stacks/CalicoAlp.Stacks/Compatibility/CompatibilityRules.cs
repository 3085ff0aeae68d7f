using System.Collections.Immutable;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Stacks.Compatibility;

/// <summary>The inputs every compatibility rule looks at.</summary>
public sealed record CompatibilityInput(
    AlpMode Mode,
    SemVersion Calico,
    SemVersion Istio,
    SemVersion Kubernetes,
    bool NativeSidecarsForced,
    CalicoInstallType InstallType,
    PolicySyncMethod PolicySyncMethod,
    CalicoApiGroup ApiGroup = CalicoApiGroup.ProjectCalicoV3);

/// <summary>A named rule: the config key it blames and a check returning the violation, if any.</summary>
public sealed record CompatibilityRule(string Id, string Key, Func<CompatibilityInput, string?> Violation);

public static class CompatibilityRules
{
    public static ImmutableArray<CompatibilityRule> All { get; } =
    [
        new("calico-oss-release", ConfigKeys.CalicoVersion, i =>
        {
            if (i.Mode != AlpMode.Istio)
            {
                return null;
            }

            var release = CompatibilityMatrix.CalicoRelease(i.Calico);
            return release.Verdict == Verdict.Rejected ? $"Calico v{i.Calico} cannot be used in istio mode: {release.Why}" : null;
        }),
        new("istio-minimum", ConfigKeys.IstioVersion, i =>
            i.Mode == AlpMode.Istio && i.Istio < CompatibilityMatrix.MinimumIstio
                ? $"Istio {i.Istio} is below the minimum {CompatibilityMatrix.MinimumIstio.MinorText} required for the Dikastes injection templates"
                : null),
        new("kubernetes-minimum", ConfigKeys.KubernetesVersion, i =>
            i.Kubernetes < CompatibilityMatrix.MinimumKubernetes
                ? $"Kubernetes {i.Kubernetes.MinorText} is below the minimum {CompatibilityMatrix.MinimumKubernetes.MinorText} (native sidecar containers)"
                : null),
        new("native-sidecars-istio", ConfigKeys.IstioNativeSidecars, i =>
            i.Mode == AlpMode.Istio && !i.NativeSidecarsForced && i.Istio < CompatibilityMatrix.NativeSidecarsAutoIstio
                ? $"Istio {i.Istio.MinorText} does not turn native sidecars on by itself, and Dikastes needs them; set istioNativeSidecars to true"
                : null),
        new("native-sidecars-kubelet", ConfigKeys.IstioNativeSidecars, i =>
            i.Mode == AlpMode.Istio && !i.NativeSidecarsForced && i.Kubernetes < CompatibilityMatrix.NativeSidecarsAutoKubelet
                ? $"with nodes below Kubernetes {CompatibilityMatrix.NativeSidecarsAutoKubelet.MinorText} Istio injects classic sidecars, and Dikastes needs native ones; set istioNativeSidecars to true"
                : null),
        new("istio-kubernetes-pairing", ConfigKeys.KubernetesVersion, i =>
            i.Mode == AlpMode.Istio && CompatibilityMatrix.IstioRelease(i.Istio) is { } r
                && (i.Kubernetes < r.KubeMin || i.Kubernetes > r.KubeMax with { Patch = 999 })
                ? $"Istio {i.Istio.MinorText} supports Kubernetes {r.KubeMin.MinorText} to {r.KubeMax.MinorText}, not {i.Kubernetes.MinorText}"
                : null),
        new("enterprise-minimum", ConfigKeys.CalicoVersion, i =>
            i.Mode == AlpMode.Enterprise && i.Calico < CompatibilityMatrix.MinimumEnterprise
                ? $"Calico Enterprise v{i.Calico} is below v{CompatibilityMatrix.MinimumEnterprise.MinorText}, the first release with ApplicationLayer sidecar injection"
                : null),
        new("policy-sync-env-needs-manifest", ConfigKeys.PolicySyncMethod, i =>
            i.PolicySyncMethod == PolicySyncMethod.CalicoNodeEnv && i.InstallType != CalicoInstallType.Manifest
                ? "calicoNodeEnv patches the calico-node DaemonSet, which the tigera-operator owns and would revert; use felixConfiguration with calicoInstallType operator"
                : null),
        new("calico-apiserver-apply", ConfigKeys.CalicoVersion, i =>
            i.Mode == AlpMode.Istio && i.ApiGroup == CalicoApiGroup.ProjectCalicoV3 && CompatibilityMatrix.ApplyBrokenApiServer.Contains(i.Calico)
                ? $"Calico v{i.Calico}'s API server answers a server-side apply of a new NetworkPolicy or GlobalNetworkPolicy with NotFound (projectcalico/calico#12841, fixed in v3.32.1 by projectcalico/calico#12906), so pulumi up fails; use v3.32.1 or later, or calicoApiGroup crd.projectcalico.org/v1"
                : null),
    ];

    /// <summary>Non-fatal observations, such as a pairing upstream has not tested.</summary>
    public static IEnumerable<string> Warnings(CompatibilityInput i)
    {
        if (i.Mode == AlpMode.Istio)
        {
            var calico = CompatibilityMatrix.CalicoRelease(i.Calico);
            if (calico.Verdict == Verdict.Fallback)
            {
                yield return $"calicoVersion: v{i.Calico} is a fallback release: {calico.Why}";
            }

            if (calico.Verdict != Verdict.Rejected && (i.Kubernetes < calico.TestedKubeMin || i.Kubernetes > calico.TestedKubeMax with { Patch = 999 }))
            {
                yield return $"kubernetesVersion: Calico v{i.Calico.MinorText} is tested on Kubernetes {calico.TestedKubeMin.MinorText} to {calico.TestedKubeMax.MinorText}, not {i.Kubernetes.MinorText}";
            }

            if (CompatibilityMatrix.IstioRelease(i.Istio) is null && i.Istio >= CompatibilityMatrix.MinimumIstio)
            {
                yield return $"istioVersion: Istio {i.Istio.MinorText} is not in the compatibility table; its Kubernetes support was not checked";
            }
        }
    }
}
