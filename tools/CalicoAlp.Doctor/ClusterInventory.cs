using System.Collections.Immutable;
using CalicoAlp.Doctor.Kube;

namespace CalicoAlp.Doctor;

/// <summary>A namespace and its Deployments, the workloads a stack can enrol there.</summary>
public sealed record NamespaceInventory(string Name, ImmutableArray<string> Deployments);

/// <summary>
/// What `alp init` starts a stack file from: the API server's version, the calico-node image, and
/// every namespace with Deployments (the ones Kubernetes, Calico and Istio run themselves left out).
/// </summary>
public sealed record ClusterInventory(string ServerVersion, string? CalicoNodeImage, ImmutableArray<NamespaceInventory> Namespaces)
{
    private static readonly string[] SystemPrefixes = ["kube-", "calico-", "tigera-", "istio-"];

    public static async Task<ClusterInventory> ReadAsync(KubeApi api, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(api);
        var version = await api.GetRequiredAsync("/version", cancel).ConfigureAwait(false);
        var calico = await api.GetAsync("/apis/apps/v1/namespaces/calico-system/daemonsets/calico-node", cancel).ConfigureAwait(false)
            ?? await api.GetAsync("/apis/apps/v1/namespaces/kube-system/daemonsets/calico-node", cancel).ConfigureAwait(false);
        var deployments = await api.GetRequiredAsync("/apis/apps/v1/deployments", cancel).ConfigureAwait(false);
        var namespaces = Json.Items(deployments)
            .Select(d => (Namespace: Json.Text(d, "metadata", "namespace") ?? string.Empty, Name: Json.Name(d)))
            .Where(d => d.Namespace.Length > 0 && d.Namespace != "default" && d.Namespace != "local-path-storage"
                && !SystemPrefixes.Any(p => d.Namespace.StartsWith(p, StringComparison.Ordinal)))
            .GroupBy(d => d.Namespace, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new NamespaceInventory(g.Key, [.. g.Select(d => d.Name).Order(StringComparer.Ordinal)]));
        var image = calico is { } node ? Json.Array(node, "spec", "template", "spec", "containers").Select(c => Json.Text(c, "image")).FirstOrDefault() : null;
        return new ClusterInventory(Json.Text(version, "gitVersion") ?? string.Empty, image, [.. namespaces]);
    }
}
