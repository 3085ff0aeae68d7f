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

/// <summary>A range of Calico OSS releases, From inclusive, Below exclusive, and how Dikastes runs in it.</summary>
public sealed record CalicoRelease(SemVersion From, SemVersion Below, Verdict Verdict, string Why, SemVersion TestedKubeMin, SemVersion TestedKubeMax,
    DikastesRuntime? Dikastes = null, bool EnforcesStagedDenies = false);

/// <summary>
/// The Kubernetes versions one Istio minor supports, and when it stops being supported. An
/// approximate end of life is Istio's own estimate (six weeks after the second-next minor ships).
/// </summary>
public sealed record IstioRelease(int Minor, SemVersion KubeMin, SemVersion KubeMax, DateOnly? EndOfLife = null, bool EndOfLifeApproximate = false);

/// <summary>
/// The version facts the checks rely on (docs/domain.md, "Versions"). Changing a verdict, say when
/// a new Calico or Istio minor has been read in source, is a change to this data only.
/// </summary>
public static class CompatibilityMatrix
{
    public static SemVersion MinimumIstio { get; } = new(1, 22, 0);

    /// <summary>How many Istio minors apart two revisions may run side by side: a canary upgrade goes at most two (Istio's upgrade docs).</summary>
    public const int IstioCanaryMinorSpan = 2;

    /// <summary>How far one istiod moves in place, up or down: one minor (Istio's in-place upgrade docs).</summary>
    public const int IstioInPlaceMinorSpan = 1;

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

    /// <summary>Calico Enterprise release from which Envoy-based ALP (the ApplicationLayer sidecar) is deprecated (tigera/docs#2527).</summary>
    public static SemVersion EnterpriseAlpDeprecated { get; } = new(3, 23, 0);

    /// <summary>Releases whose API server refuses server-side apply of new Calico policies (projectcalico/calico#12841).</summary>
    public static ImmutableArray<SemVersion> ApplyBrokenApiServer { get; } = [new(3, 32, 0)];

    /// <summary>The first v3.32 patch with the gRPC security updates Dikastes needs.</summary>
    public static SemVersion CalicoGrpcFixed { get; } = new(3, 32, 3);

    /// <summary>Istio patches that reject the listeners of sidecars older than 1.29.2 (istio/istio#60486, fixed in 1.30.2).</summary>
    public static ImmutableArray<SemVersion> RefusedIstio { get; } = [new(1, 30, 0), new(1, 30, 1)];

    public static ImmutableArray<CalicoRelease> CalicoOss { get; } =
    [
        new(new(0, 0, 0), new(3, 29, 0), Verdict.Rejected,
            "releases before v3.29 only support the legacy injector ConfigMap patch, which this product does not implement",
            new(0, 0, 0), new(0, 0, 0)),
        new(new(3, 29, 0), new(3, 30, 0), Verdict.Fallback,
            "works; prefer v3.33.x or v3.32.x", new(1, 29, 0), new(1, 32, 0), DikastesRuntime.Standalone, EnforcesStagedDenies: true),
        new(new(3, 30, 0), new(3, 32, 0), Verdict.Rejected,
            "OSS Dikastes answers every check with a denial (HTTP 403) in v3.30.0-v3.31.x (projectcalico/calico#11857); use v3.33.x or v3.32.3 or later",
            new(1, 31, 0), new(1, 35, 0)),
        new(new(3, 32, 0), new(3, 33, 0), Verdict.Preferred,
            "fixed Dikastes check provider (projectcalico/calico#11986)", new(1, 34, 0), new(1, 36, 0), DikastesRuntime.Standalone, EnforcesStagedDenies: true),
        new(new(3, 33, 0), new(3, 34, 0), Verdict.Preferred,
            "Dikastes runs from the combined calico image; staged deny policies are no longer enforced (projectcalico/calico#13416)",
            new(1, 34, 0), new(1, 36, 0), DikastesRuntime.Combined),
    ];

    /// <summary>The newest Calico line read in source; a later one is refused until it has been.</summary>
    public static CalicoRelease NewestCalico => CalicoOss[^1];

    public static ImmutableArray<IstioRelease> Istio { get; } =
    [
        new(22, new(1, 27, 0), new(1, 30, 0), new(2024, 12, 19), EndOfLifeApproximate: true),
        new(23, new(1, 27, 0), new(1, 30, 0), new(2025, 4, 16)),
        new(24, new(1, 28, 0), new(1, 31, 0), new(2025, 6, 24)),
        new(25, new(1, 29, 0), new(1, 32, 0), new(2025, 9, 30)),
        new(26, new(1, 29, 0), new(1, 33, 0), new(2025, 12, 22)),
        new(27, new(1, 29, 0), new(1, 33, 0), new(2026, 4, 7)),
        new(28, new(1, 30, 0), new(1, 34, 0), new(2026, 7, 1)),
        new(29, new(1, 31, 0), new(1, 35, 0), new(2026, 10, 12), EndOfLifeApproximate: true),
        new(30, new(1, 32, 0), new(1, 36, 0), new(2026, 11, 30), EndOfLifeApproximate: true),
        new(31, new(1, 32, 0), new(1, 36, 0)),
    ];

    /// <summary>The newest Istio minor read in source.</summary>
    public static IstioRelease NewestIstio => Istio[^1];

    /// <summary>Kubernetes minors and their end of life (kubernetes.io release pages).</summary>
    public static ImmutableSortedDictionary<int, DateOnly> KubernetesEndOfLife { get; } = new Dictionary<int, DateOnly>
    {
        [29] = new(2025, 2, 28),
        [30] = new(2025, 7, 15),
        [31] = new(2025, 10, 28),
        [32] = new(2026, 2, 28),
        [33] = new(2026, 6, 28),
        [34] = new(2026, 10, 27),
        [35] = new(2027, 2, 28),
        [36] = new(2027, 6, 28),
    }.ToImmutableSortedDictionary();

    /// <summary>The release range a version falls in; null for a Calico minor newer than any read in source.</summary>
    public static CalicoRelease? CalicoRelease(SemVersion version) =>
        CalicoOss.FirstOrDefault(r => version >= r.From && version < r.Below);

    public static IstioRelease? IstioRelease(SemVersion version) =>
        version.Major == 1 ? Istio.FirstOrDefault(r => r.Minor == version.Minor) : null;

    /// <summary>How Dikastes runs for a Calico release; a line newer than the table runs as the newest one does (only with the untested-versions override).</summary>
    public static DikastesRuntime DikastesFor(SemVersion calico) =>
        CalicoRelease(calico)?.Dikastes ?? (calico >= NewestCalico.From ? NewestCalico.Dikastes! : DikastesRuntime.Standalone);

    /// <summary>Whether a Calico release is one this product may suggest: known, not rejected, and with the security fixes.</summary>
    public static bool Recommendable(SemVersion calico) =>
        CalicoRelease(calico) is { Verdict: not Verdict.Rejected } && !ApplyBrokenApiServer.Contains(calico) && !LacksGrpcFixes(calico);

    /// <summary>A patch of the line <see cref="CalicoGrpcFixed"/> fixed that came before the fix.</summary>
    public static bool LacksGrpcFixes(SemVersion calico) =>
        calico.Major == CalicoGrpcFixed.Major && calico.Minor == CalicoGrpcFixed.Minor && calico < CalicoGrpcFixed;

    /// <summary>An Istio minor newer than any read in source.</summary>
    public static bool NewerThanKnownIstio(SemVersion istio) => istio.Major == 1 && istio.Minor > NewestIstio.Minor;

    /// <summary>The oldest release of the newest Calico line this product recommends, for advice.</summary>
    public static string RecommendedCalicoLine => $"v{NewestCalico.From.MinorText}.x";
}
