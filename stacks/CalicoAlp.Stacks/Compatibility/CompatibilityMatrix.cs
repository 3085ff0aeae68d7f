using System.Collections.Immutable;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Stacks.Compatibility;

public enum NativeSidecarForcing
{
    None,
    PilotEnv,
    TopLevelEnvAndPodAnnotation,
}

public enum Verdict
{
    Preferred,
    Fallback,
    Rejected,
}

/// <summary>A range of Calico OSS releases, From inclusive, Below exclusive.</summary>
public sealed record CalicoRelease(SemVersion From, SemVersion Below, Verdict Verdict, string Why, SemVersion TestedKubeMin, SemVersion TestedKubeMax);

/// <summary>The Kubernetes versions one Istio minor supports.</summary>
public sealed record IstioRelease(int Minor, SemVersion KubeMin, SemVersion KubeMax);

/// <summary>
/// The version facts the checks rely on (alp-domain.md §8, §12). Changing a verdict, say when a
/// fixed 3.30.x patch ships, is a change to this data only.
/// </summary>
public static class CompatibilityMatrix
{
    public static SemVersion MinimumIstio { get; } = new(1, 22, 0);

    public static SemVersion MinimumKubernetes { get; } = new(1, 29, 0);

    /// <summary>Kubelet version from which SidecarContainers is GA and Istio 1.27+ turns native sidecars on by itself.</summary>
    public static SemVersion NativeSidecarsAutoKubelet { get; } = new(1, 33, 0);

    /// <summary>From this Istio minor, ENABLE_NATIVE_SIDECARS defaults to auto.</summary>
    public static SemVersion NativeSidecarsAutoIstio { get; } = new(1, 27, 0);

    /// <summary>From this Istio minor, istiod reads top-level env (and the per-pod annotation exists).</summary>
    public static SemVersion IstioTopLevelEnv { get; } = new(1, 24, 0);

    /// <summary>
    /// How a stack forces native sidecars on, decided once: from Istio 1.24 istiod's top-level env
    /// plus the per-pod annotation; before, pilot.env, which 1.24+ charts silently ignore.
    /// </summary>
    public static NativeSidecarForcing Forcing(IstioSettings istio) =>
        !istio.NativeSidecars ? NativeSidecarForcing.None
        : istio.Version >= IstioTopLevelEnv ? NativeSidecarForcing.TopLevelEnvAndPodAnnotation
        : NativeSidecarForcing.PilotEnv;

    public static SemVersion MinimumEnterprise { get; } = new(3, 20, 0);

    /// <summary>Releases whose API server refuses server-side apply of new Calico policies (projectcalico/calico#12841).</summary>
    public static ImmutableArray<SemVersion> ApplyBrokenApiServer { get; } = [new(3, 32, 0)];

    public static ImmutableArray<CalicoRelease> CalicoOss { get; } =
    [
        new(new(0, 0, 0), new(3, 29, 0), Verdict.Rejected,
            "releases before v3.29 only support the legacy injector ConfigMap patch, which this product does not implement",
            new(0, 0, 0), new(0, 0, 0)),
        new(new(3, 29, 0), new(3, 30, 0), Verdict.Fallback,
            "works; prefer v3.32.x", new(1, 29, 0), new(1, 32, 0)),
        new(new(3, 30, 0), new(3, 32, 0), Verdict.Rejected,
            "OSS Dikastes answers every check with a denial (HTTP 403) in v3.30.0-v3.31.x (projectcalico/calico#11857); use v3.32.x or v3.29.x",
            new(1, 31, 0), new(1, 35, 0)),
        new(new(3, 32, 0), new(999, 0, 0), Verdict.Preferred,
            "fixed Dikastes check provider (projectcalico/calico#11986)", new(1, 34, 0), new(1, 36, 0)),
    ];

    public static ImmutableArray<IstioRelease> Istio { get; } =
    [
        new(22, new(1, 27, 0), new(1, 30, 0)),
        new(23, new(1, 27, 0), new(1, 30, 0)),
        new(24, new(1, 28, 0), new(1, 31, 0)),
        new(25, new(1, 29, 0), new(1, 32, 0)),
        new(26, new(1, 29, 0), new(1, 33, 0)),
        new(27, new(1, 29, 0), new(1, 33, 0)),
        new(28, new(1, 30, 0), new(1, 34, 0)),
        new(29, new(1, 31, 0), new(1, 35, 0)),
        new(30, new(1, 32, 0), new(1, 36, 0)),
    ];

    public static CalicoRelease CalicoRelease(SemVersion version) =>
        CalicoOss.First(r => version >= r.From && version < r.Below);

    public static IstioRelease? IstioRelease(SemVersion version) =>
        version.Major == 1 ? Istio.FirstOrDefault(r => r.Minor == version.Minor) : null;
}
