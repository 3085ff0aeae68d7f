using CalicoAlp.Doctor.Kube;

namespace CalicoAlp.Doctor;

/// <summary>The cluster of a kubeconfig context, as kubectl would reach it: one place for doctor and for the Pulumi program's checks.</summary>
public sealed record ClusterConnection(ClusterTarget Target)
{
    /// <summary>Long enough for a slow API server, short enough that a wrong address fails fast.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public string ContextName => Target.ContextName;

    /// <returns>The connection, or why the kubeconfig cannot give one (one line).</returns>
    public static (ClusterConnection? Connection, string? Problem) Open(string? context)
    {
        try
        {
            var paths = Kubeconfig.DefaultPaths(Environment.GetEnvironmentVariable("KUBECONFIG"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
            return (new ClusterConnection(Kubeconfig.Load(paths).Resolve(context)), null);
        }
        catch (KubeconfigException e)
        {
            return (null, $"kubeconfig: {Stacks.Validation.ConfigError.Escape(e.Message)}{(context is null ? string.Empty : $" (context '{context}')")}");
        }
    }

    /// <summary>The facts, or why the cluster could not be read (one line).</summary>
    public async Task<(ClusterFacts? Facts, string? Problem)> ReadAsync(Stacks.Settings.StackSettings settings, CancellationToken cancel = default)
    {
        try
        {
            using var client = await KubeApiClient.CreateAsync(Target, Timeout, cancel).ConfigureAwait(false);
            return (await new ClusterReader(client).ReadAsync(settings, cancel).ConfigureAwait(false), null);
        }
#pragma warning disable CA1031 // No access or no connection: one line with what to fix.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return (null, $"cluster: cannot read the cluster of context '{ContextName}' at {Target.Server.OriginalString}: {Stacks.Validation.ConfigError.Escape(Innermost(e).Message)}");
        }
    }

    public const string AccessNeeded =
        "alp doctor needs read access (get, list) to nodes, namespaces, workloads, network policies, CSI drivers, API services and Calico's and the Tigera operator's resources";

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
