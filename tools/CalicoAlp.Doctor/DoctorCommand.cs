using CalicoAlp.Cli;
using k8s;

namespace CalicoAlp.Doctor;

/// <summary>`alp doctor`: the stack's checks against the cluster of its context, read-only.</summary>
public static class DoctorCommand
{
    /// <summary>Long enough for a slow API server, short enough that a wrong address fails fast.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static int Run(StackInputResult input, string? context, string? output, TextWriter stdout, TextWriter stderr)
    {
        if (output is not (null or "table" or "json"))
        {
            stderr.WriteLine($"alp doctor: --output '{CommandLine.Printable(output)}' is not allowed; expected table or json");
            return ExitCodes.Usage;
        }

        var result = input.Result;
        if (!result.Ok)
        {
            foreach (var error in result.Errors)
            {
                stderr.WriteLine($"error: {error}");
            }

            stderr.WriteLine($"alp: {result.Errors.Length} error{(result.Errors.Length == 1 ? string.Empty : "s")}; nothing was checked");
            return input.IsUsageError ? ExitCodes.Usage : ExitCodes.InvalidConfig;
        }

        var settings = result.Settings!;
        var wanted = context ?? settings.Cluster.KubeContext;
        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath(), currentContext: wanted);
        }
#pragma warning disable CA1031 // Any kubeconfig problem is one line naming the kubeconfig, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"error: kubeconfig: {Stacks.Validation.ConfigError.Escape(e.Message)}{(wanted is null ? string.Empty : $" (context '{wanted}')")}");
            return ExitCodes.InvalidConfig;
        }

        config.HttpClientTimeout = Timeout;
        var contextName = wanted ?? config.CurrentContext ?? "(current)";
        ClusterFacts facts;
        using (var client = new Kubernetes(config))
        {
            try
            {
                facts = new ClusterReader(client).ReadAsync(settings).GetAwaiter().GetResult();
            }
#pragma warning disable CA1031 // No access or no connection: one line with what to fix.
            catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                stderr.WriteLine($"error: cluster: cannot read the cluster of context '{contextName}' at {config.Host}: {Stacks.Validation.ConfigError.Escape(Innermost(e).Message)}");
                stderr.WriteLine("alp doctor needs read access (get, list) to nodes, namespaces, workloads, network policies, CSI drivers, API services and Calico's and the Tigera operator's resources");
                return ExitCodes.InvalidConfig;
            }
        }

        var results = DoctorChecks.Run(settings, facts);
        stdout.Write(output == "json" ? DoctorReport.Json(settings.StackName, contextName, results) : DoctorReport.Table(settings.StackName, contextName, results));
        return DoctorReport.Failed(results) ? ExitCodes.InvalidConfig : ExitCodes.Ok;
    }

    /// <summary>
    /// The kubeconfig kubectl would read: the first file of KUBECONFIG, else ~/.kube/config. Read
    /// here, per run, rather than once per process as the client library's default location is.
    /// </summary>
    private static string KubeconfigPath() =>
        Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
