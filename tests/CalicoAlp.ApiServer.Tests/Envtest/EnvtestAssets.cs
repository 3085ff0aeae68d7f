using System.Runtime.InteropServices;
using CalicoAlp.Stacks.Config;

namespace CalicoAlp.ApiServer.Tests.Envtest;

/// <summary>
/// Where the tier's kube-apiserver and etcd are, by envtest's conventions: the folder
/// KUBEBUILDER_ASSETS names, else the newest folder of the pinned Kubernetes minor that
/// setup-envtest keeps (&lt;data dir&gt;/kubebuilder-envtest/k8s/&lt;version&gt;-&lt;os&gt;-&lt;arch&gt;).
/// </summary>
public sealed record EnvtestAssets(string Folder, string Version)
{
    public const string AssetsVariable = "KUBEBUILDER_ASSETS";

    /// <summary>The Kubernetes minor the stacks pin (the kubernetesVersion default).</summary>
    public static string PinnedMinor => ConfigCatalog.Find(ConfigKeys.KubernetesVersion)!.DefaultText;

    public string ApiServer => Path.Combine(Folder, "kube-apiserver");

    public string Etcd => Path.Combine(Folder, "etcd");

    /// <summary>The assets, or why there are none (the skip reason the tier prints).</summary>
    public static (EnvtestAssets? Assets, string Reason) Find()
    {
        if (Environment.GetEnvironmentVariable(AssetsVariable) is { Length: > 0 } named)
        {
            return Missing(named) is { } lack
                ? (null, $"{AssetsVariable}={named} lacks {lack}")
                : (new EnvtestAssets(named, Path.GetFileName(named.TrimEnd('/'))), string.Empty);
        }

        var store = Store();
        var suffix = $"-{Platform()}";
        var candidates = Directory.Exists(store)
            ? Directory.GetDirectories(store)
                .Select(d => (Folder: d, Version: Path.GetFileName(d)))
                .Where(d => d.Version.StartsWith(PinnedMinor + ".", StringComparison.Ordinal) && d.Version.EndsWith(suffix, StringComparison.Ordinal) && Missing(d.Folder) is null)
                .Select(d => (d.Folder, Version: d.Version[..^suffix.Length]))
                .OrderByDescending(d => Patch(d.Version))
                .ToList()
            : [];
        return candidates.Count > 0
            ? (new EnvtestAssets(candidates[0].Folder, candidates[0].Version), string.Empty)
            : (null, $"no kube-apiserver and etcd for Kubernetes {PinnedMinor}: set {AssetsVariable}, or run `setup-envtest use {PinnedMinor}.x` (it keeps them in {store})");
    }

    private static string? Missing(string folder) =>
        new[] { "kube-apiserver", "etcd" }.FirstOrDefault(b => !File.Exists(Path.Combine(folder, b))) is { } b ? $"an executable '{b}'" : null;

    private static int Patch(string version) => int.TryParse(version.Split('.').ElementAtOrDefault(2), out var p) ? p : -1;

    /// <summary>setup-envtest's store: under XDG_DATA_HOME (or ~/.local/share) on Linux, Application Support on macOS.</summary>
    private static string Store()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(home, "Library", "Application Support", "io.kubebuilder.envtest", "k8s");
        }

        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".local", "share");
        return Path.Combine(data, "kubebuilder-envtest", "k8s");
    }

    private static string Platform() =>
        $"{(OperatingSystem.IsMacOS() ? "darwin" : "linux")}-{(RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64")}";
}
