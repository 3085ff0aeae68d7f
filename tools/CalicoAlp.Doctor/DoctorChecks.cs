using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Doctor;

/// <summary>
/// Every check, as a pure function of the stack's settings and the cluster's facts. The order is
/// the order a platform engineer would fix things in: the platform, Calico, the mesh, then the
/// namespaces and workloads the stack enrols.
/// </summary>
public static partial class DoctorChecks
{
    [GeneratedRegex(@"\Av?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?")]
    private static partial Regex LeadingVersion();

    /// <summary>The release in a version or image tag such as v1.34.1-gke.100 or calico/node:v3.32.1.</summary>
    public static SemVersion? VersionOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        // An image's tag sits before its digest: repo:1.29.3@sha256:… reads as 1.29.3.
        var name = text.Split('@')[0];
        var tag = name.Contains('/', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal)
            ? name[(name.LastIndexOf(':') + 1)..]
            : name;
        var match = LeadingVersion().Match(tag);
        return match.Success ? SemVersion.TryParse(match.Value) : null;
    }

    public static ImmutableArray<CheckResult> Run(StackSettings settings, ClusterFacts facts) =>
    [
        KubernetesVersion(settings, facts),
        NodeVersions(settings, facts),
        .. PlatformChecks.Calico(settings, facts),
        .. MeshChecks.All(settings, facts),
        .. WorkloadChecks.All(settings, facts),
    ];

    private static CheckResult KubernetesVersion(StackSettings settings, ClusterFacts facts)
    {
        const string id = "kubernetes-version";
        var declared = $"kubernetesVersion {settings.Cluster.KubernetesVersion.MinorText}";
        if (VersionOf(facts.ServerVersion) is not { } server)
        {
            return new(id, CheckStatus.Warn, $"server version '{facts.ServerVersion}' (not a version doctor can read)", declared, "check kubectl version");
        }

        if (server.Major != settings.Cluster.KubernetesVersion.Major || server.Minor != settings.Cluster.KubernetesVersion.Minor)
        {
            return new(id, CheckStatus.Fail, $"API server {server.MinorText} ({facts.ServerVersion})", declared,
                $"set kubernetesVersion to {server.MinorText}: the compatibility rules and native-sidecar forcing are decided from it");
        }

        return CheckResult.Pass(id, $"API server {server.MinorText} ({facts.ServerVersion})", declared);
    }

    private static CheckResult NodeVersions(StackSettings settings, ClusterFacts facts)
    {
        const string id = "kubelet-versions";
        var declared = settings.Istio.NativeSidecars ? "native sidecars forced on" : "native sidecars left to Istio";
        var versions = facts.Nodes.Select(n => (n.Name, Version: VersionOf(n.KubeletVersion))).ToList();
        if (versions.Count == 0)
        {
            return new(id, CheckStatus.Fail, "no nodes", declared, "doctor needs to list nodes; check the context and RBAC (nodes: list)");
        }

        var lowest = versions.Where(v => v.Version is not null).OrderBy(v => v.Version!.Value).FirstOrDefault();
        if (lowest.Version is not { } min)
        {
            return new(id, CheckStatus.Warn, "no kubelet version readable", declared);
        }

        var saw = $"{facts.Nodes.Length} node(s), lowest kubelet {min.MinorText} ({lowest.Name})";
        if (min < CompatibilityMatrix.MinimumKubernetes)
        {
            return new(id, CheckStatus.Fail, saw, declared,
                $"upgrade node {lowest.Name}: native sidecar containers, which Dikastes needs, start at Kubernetes {CompatibilityMatrix.MinimumKubernetes.MinorText}");
        }

        if (settings.Mode == AlpMode.Istio && !settings.Istio.NativeSidecars && min < CompatibilityMatrix.NativeSidecarsAutoKubelet)
        {
            return new(id, CheckStatus.Fail, saw, declared,
                $"set istioNativeSidecars to true: below kubelet {CompatibilityMatrix.NativeSidecarsAutoKubelet.MinorText} Istio injects classic sidecars");
        }

        return CheckResult.Pass(id, saw, declared);
    }
}
