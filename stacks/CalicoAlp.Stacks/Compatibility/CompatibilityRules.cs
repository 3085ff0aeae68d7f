using System.Collections.Immutable;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
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
    CalicoApiGroup ApiGroup = CalicoApiGroup.ProjectCalicoV3,
    DeploymentEnvironment Environment = DeploymentEnvironment.NonProduction,
    ImmutableArray<Guardrail> Overrides = default,
    DateOnly Today = default,
    string PolicySyncPathPrefix = "/var/run/nodeagent")
{
    public bool Overridden(Guardrail guardrail) => !Overrides.IsDefault && Overrides.Contains(guardrail);

    /// <summary>Istio's minor past its end of life on <see cref="Today"/>, or null.</summary>
    public string? IstioPastEndOfLife() =>
        Today != default && Mode == AlpMode.Istio && CompatibilityMatrix.IstioRelease(Istio) is { EndOfLife: { } end } release && Today > end
            ? $"Istio {Istio.MinorText} reached end of life {(release.EndOfLifeApproximate ? "about " : string.Empty)}{end:yyyy-MM-dd}; move to Istio 1.{CompatibilityMatrix.NewestIstio.Minor}"
            : null;

    /// <summary>The nodes' Kubernetes minor past its end of life on <see cref="Today"/>, or null.</summary>
    public string? KubernetesPastEndOfLife() =>
        Today != default && Kubernetes.Major == 1 && CompatibilityMatrix.KubernetesEndOfLife.TryGetValue(Kubernetes.Minor, out var end) && Today > end
            ? $"Kubernetes {Kubernetes.MinorText} reached end of life {end:yyyy-MM-dd}; upgrade the nodes"
            : null;

    public bool RefusesEndOfLife => Environment == DeploymentEnvironment.Production && !Overridden(Guardrail.EndOfLife);
}

/// <summary>A named rule: the config key it blames and a check returning the violation, if any.</summary>
public sealed record CompatibilityRule(string Id, string Key, Func<CompatibilityInput, string?> Violation);

public static class CompatibilityRules
{
    public const string UntestedOverride = "untested-versions";
    public const string EndOfLifeOverride = "end-of-life";

    public static ImmutableArray<CompatibilityRule> All { get; } =
    [
        new("calico-oss-release", ConfigKeys.CalicoVersion, i =>
            i.Mode == AlpMode.Istio && CompatibilityMatrix.CalicoRelease(i.Calico) is { Verdict: Verdict.Rejected } release
                ? $"Calico v{i.Calico} cannot be used in istio mode: {release.Why}"
                : null),
        new("calico-unknown-line", ConfigKeys.CalicoVersion, i =>
            i.Mode == AlpMode.Istio && CompatibilityMatrix.CalicoRelease(i.Calico) is null && !i.Overridden(Guardrail.UntestedVersions)
                ? $"Calico v{i.Calico.MinorText} is newer than the newest line this calico-alp has read in source (v{CompatibilityMatrix.NewestCalico.From.MinorText}), so how its Dikastes runs is unknown; use v{CompatibilityMatrix.NewestCalico.From.MinorText}.x, or, having tested it yourself, add '{UntestedOverride}' to calico-alp:guardrailOverrides"
                : null),
        new("istio-unknown-minor", ConfigKeys.IstioVersion, i =>
            i.Mode == AlpMode.Istio && CompatibilityMatrix.NewerThanKnownIstio(i.Istio) && !i.Overridden(Guardrail.UntestedVersions)
                ? $"Istio {i.Istio.MinorText} is newer than the newest minor this calico-alp has read in source (1.{CompatibilityMatrix.NewestIstio.Minor}), and Istio promises no compatibility of its injection template across minors (istio/istio#18107); use 1.{CompatibilityMatrix.NewestIstio.Minor}.x, or, having tested it yourself, add '{UntestedOverride}' to calico-alp:guardrailOverrides"
                : null),
        new("istio-refused-patch", ConfigKeys.IstioVersion, i =>
            i.Mode == AlpMode.Istio && CompatibilityMatrix.RefusedIstio.Contains(i.Istio)
                ? $"Istio {i.Istio} rejects the listeners of sidecars older than 1.29.2, so pods not yet restarted lose traffic after the upgrade (istio/istio#60486, fixed in 1.30.2); use 1.30.2 or later"
                : null),
        new("istio-end-of-life", ConfigKeys.IstioVersion, i => i.RefusesEndOfLife ? RefusedInProduction(i.IstioPastEndOfLife()) : null),
        new("kubernetes-end-of-life", ConfigKeys.KubernetesVersion, i => i.RefusesEndOfLife ? RefusedInProduction(i.KubernetesPastEndOfLife()) : null),
        new("policy-sync-prefix-operator", ConfigKeys.PolicySyncPathPrefix, i =>
            i.InstallType == CalicoInstallType.Operator && i.PolicySyncPathPrefix != PlatformReaders.DefaultPolicySyncPathPrefix
                ? $"'{i.PolicySyncPathPrefix}' is not allowed with calicoInstallType operator: the operator mounts {PlatformReaders.DefaultPolicySyncPathPrefix} into calico-node and the CSI driver serves that path, so Felix would write sockets no pod can reach; use {PlatformReaders.DefaultPolicySyncPathPrefix}"
                : null),
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

    /// <summary>The end-of-life rules' message, when a version is past its end of life.</summary>
    private static string? RefusedInProduction(string? pastEndOfLife) => pastEndOfLife is null ? null
        : $"{pastEndOfLife}; not allowed in production, or relax the guardrail by adding '{EndOfLifeOverride}' to calico-alp:guardrailOverrides";

    /// <summary>Non-fatal observations, such as a pairing upstream has not tested.</summary>
    public static IEnumerable<string> Warnings(CompatibilityInput i)
    {
        if (i.Mode == AlpMode.Istio)
        {
            var calico = CompatibilityMatrix.CalicoRelease(i.Calico);
            if (calico is { Verdict: Verdict.Fallback })
            {
                yield return $"calicoVersion: v{i.Calico} is a fallback release: {calico.Why}";
            }

            if (calico is { Verdict: not Verdict.Rejected } && (i.Kubernetes < calico.TestedKubeMin || i.Kubernetes > calico.TestedKubeMax with { Patch = 999 }))
            {
                yield return $"kubernetesVersion: Calico v{i.Calico.MinorText} is tested on Kubernetes {calico.TestedKubeMin.MinorText} to {calico.TestedKubeMax.MinorText}, not {i.Kubernetes.MinorText}";
            }

            if (calico is null && i.Overridden(Guardrail.UntestedVersions))
            {
                yield return $"calicoVersion: v{i.Calico} is untested by calico-alp ('{UntestedOverride}'); its Dikastes is run as v{CompatibilityMatrix.NewestCalico.From.MinorText} runs it";
            }

            if (CompatibilityMatrix.NewerThanKnownIstio(i.Istio) && i.Overridden(Guardrail.UntestedVersions))
            {
                yield return $"istioVersion: Istio {i.Istio.MinorText} is untested by calico-alp ('{UntestedOverride}'); its Kubernetes support was not checked";
            }

            if (CompatibilityMatrix.LacksGrpcFixes(i.Calico) && !CompatibilityMatrix.ApplyBrokenApiServer.Contains(i.Calico))
            {
                yield return $"calicoVersion: v{i.Calico} lacks the gRPC security updates in Dikastes; use v{CompatibilityMatrix.CalicoGrpcFixed} or later";
            }
        }

        if (i.Mode == AlpMode.Enterprise && i.Calico >= CompatibilityMatrix.EnterpriseAlpDeprecated)
        {
            yield return $"calicoVersion: Envoy-based application layer policy (the ApplicationLayer sidecar) is deprecated from Calico Enterprise v{CompatibilityMatrix.EnterpriseAlpDeprecated.MinorText} (tigera/docs#2527); plan its replacement before it is removed";
        }

        if (!i.RefusesEndOfLife)
        {
            if (i.IstioPastEndOfLife() is { } istio)
            {
                yield return $"istioVersion: {istio} (refused in production)";
            }

            if (i.KubernetesPastEndOfLife() is { } kube)
            {
                yield return $"kubernetesVersion: {kube} (refused in production)";
            }
        }
    }
}
