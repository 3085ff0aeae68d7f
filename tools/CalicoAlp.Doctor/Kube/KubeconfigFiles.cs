using System.Collections.Immutable;
using System.Text;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Stacks.Validation;
using k8s;
using k8s.KubeConfigModels;

namespace CalicoAlp.Doctor.Kube;

/// <summary>
/// The kubeconfig files kubectl would read: KUBECONFIG's list (the first to name an entry or a
/// current context wins), else ~/.kube/config. Each file, and each file the chosen context names,
/// is read as a bounded regular file first (StackFileText), so a FIFO or a device is an error,
/// never a hang; the Kubernetes client parses them and reads the certificates itself.
/// </summary>
internal static class KubeconfigFiles
{
    /// <summary>Far above a kubeconfig with hundreds of contexts.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public static ImmutableArray<string> Paths(string? kubeconfig, string home) =>
        kubeconfig is { Length: > 0 }
            ? [.. kubeconfig.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : [Path.Combine(home, ".kube", "config")];

    /// <exception cref="KubeconfigException">No file exists, or one cannot be read or parsed.</exception>
    public static K8SConfiguration Load(ImmutableArray<string> paths)
    {
        K8SConfiguration? merged = null;
        foreach (var path in paths.Where(p => File.Exists(p) || Directory.Exists(p) || new FileInfo(p).LinkTarget is not null))
        {
            var text = Text(path);
            K8SConfiguration config;
            try
            {
                config = KubernetesClientConfiguration.LoadKubeConfig(new MemoryStream(Encoding.UTF8.GetBytes(text)));
            }
#pragma warning disable CA1031 // Whatever the client's YAML reader throws, one line naming the file.
            catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                throw new KubeconfigException($"{path}: not a kubeconfig ({ClusterConnection.OneLine(e.Message)})");
            }

            config.FileName = Path.GetFullPath(path);
            merged = merged is null ? config : Merge(merged, config);
        }

        return merged ?? throw new KubeconfigException($"no kubeconfig found (looked for {string.Join(", ", paths)}); set KUBECONFIG or create ~/.kube/config");
    }

    /// <summary>
    /// kubectl's merge: the first file to name a cluster, user or context, or to set the current
    /// context, wins. The client merges only inside its BuildDefaultConfig, which takes no context.
    /// </summary>
    private static K8SConfiguration Merge(K8SConfiguration first, K8SConfiguration next)
    {
        first.CurrentContext ??= next.CurrentContext;
        first.Clusters = [.. (first.Clusters ?? []).Concat(next.Clusters ?? []).DistinctBy(c => c.Name, StringComparer.Ordinal)];
        first.Users = [.. (first.Users ?? []).Concat(next.Users ?? []).DistinctBy(u => u.Name, StringComparer.Ordinal)];
        first.Contexts = [.. (first.Contexts ?? []).Concat(next.Contexts ?? []).DistinctBy(c => c.Name, StringComparer.Ordinal)];
        return first;
    }

    /// <summary>The certificate and key files the context names, read the same way before the client opens them.</summary>
    /// <exception cref="KubeconfigException">One of them cannot be read as a bounded regular file.</exception>
    public static void CheckFiles(K8SConfiguration config, string? contextName)
    {
        var name = contextName ?? config.CurrentContext;
        var context = config.Contexts?.FirstOrDefault(c => c.Name == name)?.ContextDetails;
        if (context is null)
        {
            return;
        }

        var folder = Path.GetDirectoryName(config.FileName) ?? Environment.CurrentDirectory;
        var cluster = config.Clusters?.FirstOrDefault(c => c.Name == context.Cluster)?.ClusterEndpoint;
        var user = config.Users?.FirstOrDefault(u => u.Name == context.User)?.UserCredentials;
        foreach (var file in new[] { cluster?.CertificateAuthority, user?.ClientCertificate, user?.ClientKey }.OfType<string>().Where(f => f.Length > 0))
        {
            Text(Path.IsPathRooted(file) ? file : Path.Combine(folder, file));
        }
    }

    private static string Text(string path)
    {
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        return StackFileText.Read(path, path, errors, "kubeconfig", MaxBytes)
            ?? throw new KubeconfigException(string.Join("; ", errors.Select(e => $"{e.Key}: {e.Message}")));
    }
}
