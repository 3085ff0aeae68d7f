using k8s;

namespace CalicoAlp.Doctor;

/// <summary>The cluster of a kubeconfig context, as kubectl would reach it: one place for doctor and for the Pulumi program's checks.</summary>
public sealed record ClusterConnection(KubernetesClientConfiguration Config, string ContextName)
{
    /// <summary>Long enough for a slow API server, short enough that a wrong address fails fast.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <returns>The connection, or why the kubeconfig cannot give one (one line).</returns>
    public static (ClusterConnection? Connection, string? Problem) Open(string? context)
    {
        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath(), currentContext: context);
            config.HttpClientTimeout = Timeout;
            return (new ClusterConnection(config, context ?? config.CurrentContext ?? "(current)"), null);
        }
#pragma warning disable CA1031 // Any kubeconfig problem is one line naming the kubeconfig, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (null, $"kubeconfig: {Stacks.Validation.ConfigError.Escape(e.Message)}{(context is null ? string.Empty : $" (context '{context}')")}");
        }
    }

    /// <summary>The facts, or why the cluster could not be read (one line).</summary>
    public async Task<(ClusterFacts? Facts, string? Problem)> ReadAsync(Stacks.Settings.StackSettings settings, CancellationToken cancel = default)
    {
        using var client = new Kubernetes(Config);
        try
        {
            return (await new ClusterReader(client).ReadAsync(settings, cancel).ConfigureAwait(false), null);
        }
#pragma warning disable CA1031 // No access or no connection: one line with what to fix.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return (null, $"cluster: cannot read the cluster of context '{ContextName}' at {Config.Host}: {Stacks.Validation.ConfigError.Escape(Innermost(e).Message)}");
        }
    }

    public const string AccessNeeded =
        "alp doctor needs read access (get, list) to nodes, namespaces, workloads, network policies, CSI drivers, API services and Calico's and the Tigera operator's resources";

    /// <summary>
    /// The kubeconfig kubectl would read: the first file of KUBECONFIG, else ~/.kube/config. Read
    /// here, per run, rather than once per process as the client library's default location is.
    /// </summary>
    private static string KubeconfigPath() =>
        Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
