using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Doctor;

/// <summary>
/// The Pulumi program's gate: before preview and up register anything, the same checks as `alp
/// doctor`, against the context the stack's Kubernetes provider uses. Off with clusterChecks: false.
/// </summary>
public static class ClusterGate
{
    /// <returns>Null to go on; otherwise the message to stop with: each failing check, or why the cluster could not be read.</returns>
    public static async Task<string?> ProblemAsync(StackSettings settings, CancellationToken cancel = default)
    {
        if (!settings.Cluster.ClusterChecks)
        {
            return null;
        }

        var read = await ClusterConnection.ReadAsync(settings, settings.Cluster.KubeContext, cancel).ConfigureAwait(false);
        return read.Value is not { } facts ? Stop(read.Unreadable ? [read.Problem!, ClusterConnection.AccessNeeded] : [read.Problem!])
            : Decide(DoctorChecks.Run(settings, facts));
    }

    /// <summary>The decision alone, from the checks' results: what a failing check stops with.</summary>
    public static string? Decide(IReadOnlyCollection<CheckResult> results)
    {
        var failed = results.Where(r => r.Status == CheckStatus.Fail).ToList();
        return failed.Count == 0 ? null : Stop(failed.Select(r => $"{r.Id}: {r.Saw}; stack: {r.Declared}; to do: {r.ToDo}"));
    }

    private static string Stop(IEnumerable<string> lines) =>
        "the cluster does not match the stack; nothing was changed:\n"
        + string.Concat(lines.Select(l => $"  error: {Stacks.Validation.ConfigError.Escape(l)}\n"))
        + "  (these are alp doctor's checks; run it for the whole report, or set clusterChecks to false to skip them)";
}
