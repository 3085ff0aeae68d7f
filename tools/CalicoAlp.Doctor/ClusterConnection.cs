using CalicoAlp.Doctor.Kube;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Stacks.Validation;
using k8s;

namespace CalicoAlp.Doctor;

/// <summary>What a read of the cluster gave: the context it used, and the value or one line saying why not.</summary>
/// <param name="ContextName">The kubeconfig context read, when the kubeconfig gave one.</param>
/// <param name="Unreadable">The kubeconfig was fine but the cluster could not be read (access, connection).</param>
public sealed record ClusterAnswer<T>(string? ContextName, T? Value, string? Problem, bool Unreadable)
    where T : class;

/// <summary>
/// The cluster of a kubeconfig context, as kubectl would reach it, through the official client:
/// one place for alp doctor and for the Pulumi program's gate. Everything, the credential plugin
/// included, happens within one deadline.
/// </summary>
public static class ClusterConnection
{
    /// <summary>Long enough for a slow API server and a sign-in at a credential plugin's prompt; a hang ends there.</summary>
    public static TimeSpan Deadline { get; internal set; } = TimeSpan.FromSeconds(90);

    public const string AccessNeeded =
        "alp doctor needs read access (get, list) to nodes, namespaces, pods, workloads, network policies, CSI drivers, API services, Istio sidecars and Calico's and the Tigera operator's resources";

    /// <summary>The facts doctor's checks read, for <paramref name="settings"/>.</summary>
    public static Task<ClusterAnswer<ClusterFacts>> ReadAsync(StackSettings settings, string? context, CancellationToken cancel = default) =>
        AskAsync(context, (api, token) => new ClusterReader(api).ReadAsync(settings, token), cancel);

    /// <summary>
    /// Any read of the cluster of <paramref name="context"/> (the kubeconfig's current one when null),
    /// within <see cref="Deadline"/>: the answer, or one line saying why there is none.
    /// </summary>
    public static async Task<ClusterAnswer<T>> AskAsync<T>(string? context, Func<KubeApi, CancellationToken, Task<T>> read, CancellationToken cancel = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(Deadline);
        var named = context is null ? string.Empty : $" (context '{context}')";
        KubernetesClientConfiguration config;
        try
        {
            // The client runs an exec credential plugin while it builds the configuration, and waits for
            // the plugin's output to end: run where a plugin that never lets go cannot hold doctor.
            config = await Task.Run(() => Configure(context), deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubeconfigException or k8s.Exceptions.KubeConfigException)
        {
            return new(null, null, $"kubeconfig: {ConfigError.Escape(OneLine(e.Message))}{named}", false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return new(null, null, $"kubeconfig: the credentials were not ready within {Deadline.TotalSeconds:0} s (a credential plugin that never finished, or one whose background process holds its output open){named}", false);
        }

        try
        {
            using var api = new KubeApi(config);
            var value = await read(api, deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
            return new(config.CurrentContext, value, null, false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return new(config.CurrentContext, null, $"cluster: the cluster of context '{config.CurrentContext}' at {config.Host} did not answer within {Deadline.TotalSeconds:0} s", true);
        }
#pragma warning disable CA1031 // No access or no connection: one line with what to fix.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return new(config.CurrentContext, null, $"cluster: cannot read the cluster of context '{config.CurrentContext}' at {config.Host}: {ConfigError.Escape(OneLine(Innermost(e).Message))}", true);
        }
    }

    private static KubernetesClientConfiguration Configure(string? context)
    {
        var paths = KubeconfigFiles.Paths(Environment.GetEnvironmentVariable("KUBECONFIG"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        var kubeconfig = KubeconfigFiles.Load(paths);
        KubeconfigFiles.CheckFiles(kubeconfig, context);
        KubernetesClientConfiguration.ExecTimeout = Deadline;
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(kubeconfig, context);
    }

    /// <summary>The first line: the client puts a whole exception, stack trace and all, in some of its messages.</summary>
    internal static string OneLine(string text) => text.Split('\n', 2)[0].Trim();

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
