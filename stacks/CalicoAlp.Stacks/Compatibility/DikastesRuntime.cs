using System.Collections.Immutable;

namespace CalicoAlp.Stacks.Compatibility;

/// <summary>
/// How one Calico line ships and starts Dikastes (docs/domain.md, "Dikastes per Calico line"): the
/// image repository (tagged with the calico-node release), the command in front of the server's own
/// arguments, the probe command, and the uid the image is built to run as.
/// </summary>
/// <param name="Repository">Image repository; the tag is the Calico release.</param>
/// <param name="Command">The container command; empty keeps the image's entrypoint.</param>
/// <param name="ServerPrefix">What comes before <c>server -l … -d …</c> in the arguments.</param>
/// <param name="Probe">The exec probe command; liveness or readiness is appended, then <see cref="ProbeSuffix"/>.</param>
/// <param name="ProbeSuffix">Arguments after the check name.</param>
/// <param name="Uid">The image's own user and group id.</param>
/// <param name="BuildEntrypoint">The entrypoint the build-mode Dockerfile keeps.</param>
public sealed record DikastesRuntime(
    string Name,
    string Repository,
    ImmutableArray<string> Command,
    ImmutableArray<string> ServerPrefix,
    ImmutableArray<string> Probe,
    ImmutableArray<string> ProbeSuffix,
    long Uid,
    string BuildEntrypoint)
{
    /// <summary>
    /// v3.29 to v3.32: quay.io/calico/dikastes with /dikastes as entrypoint and a separate /healthz
    /// binary that dials /var/run/dikastes/dikastes.sock by default; USER 999.
    /// </summary>
    public static DikastesRuntime Standalone { get; } = new(
        "standalone", "quay.io/calico/dikastes", [], [], ["/healthz"], [], 999, "/dikastes");

    /// <summary>
    /// v3.33 and later: no dikastes image; the combined quay.io/calico/calico image (entrypoint
    /// /usr/bin/calico, USER 10001) runs it as `calico component dikastes server`, and the probes
    /// are `calico component dikastes health liveness|readiness`, whose --dial-path defaults to the
    /// same socket; it is named anyway so a changed default cannot move the probe.
    /// </summary>
    public static DikastesRuntime Combined { get; } = new(
        "combined", "quay.io/calico/calico", ["/usr/bin/calico"], ["component", "dikastes"],
        ["/usr/bin/calico", "component", "dikastes", "health"], ["--dial-path", "/var/run/dikastes/dikastes.sock"], 10001, "/usr/bin/calico");
}
