using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using CalicoAlp.Stacks.Settings;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CalicoAlp.Doctor;

/// <summary>
/// Reads the facts the checks need, with GETs and LISTs only: doctor never writes to the cluster.
/// A 404 is an absent fact; anything else (no access, no connection) is an error for the caller.
/// </summary>
public sealed class ClusterReader(IKubernetes client)
{
    public async Task<ClusterFacts> ReadAsync(StackSettings settings, CancellationToken cancel = default)
    {
        var version = await client.Version.GetCodeAsync(cancel).ConfigureAwait(false);
        var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: cancel).ConfigureAwait(false);
        var calico = await CalicoAsync(cancel).ConfigureAwait(false);
        var felix = await FelixAsync(cancel).ConfigureAwait(false);
        var mesh = await MeshAsync(cancel).ConfigureAwait(false);
        var namespaces = ImmutableDictionary.CreateBuilder<string, NamespaceFact>(StringComparer.Ordinal);
        foreach (var ns in settings.Namespaces)
        {
            if (await NamespaceAsync(ns.Name, cancel).ConfigureAwait(false) is { } fact)
            {
                namespaces[ns.Name] = fact;
            }
        }

        var dns = new DnsFacts(
            await Exists(() => client.CoreV1.ReadNamespacedServiceAsync("kube-dns", "kube-system", cancellationToken: cancel)).ConfigureAwait(false),
            await Exists(() => client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system", cancellationToken: cancel)).ConfigureAwait(false));
        return new ClusterFacts(version.GitVersion ?? string.Empty,
            [.. nodes.Items.Select(n => new NodeFact(n.Metadata.Name, n.Status?.NodeInfo?.KubeletVersion ?? string.Empty)).OrderBy(n => n.Name, StringComparer.Ordinal)],
            calico, felix, mesh, namespaces.ToImmutable(), dns);
    }

    private async Task<CalicoFacts> CalicoAsync(CancellationToken cancel)
    {
        var installation = await Exists(() => client.CustomObjects.GetClusterCustomObjectAsync("operator.tigera.io", "v1", "installations", "default", cancel)).ConfigureAwait(false);
        var node = await DaemonSetAsync("calico-system", "calico-node", cancel).ConfigureAwait(false)
            ?? await DaemonSetAsync("kube-system", "calico-node", cancel).ConfigureAwait(false);
        var apiService = await Optional(() => client.ApiregistrationV1.ReadAPIServiceAsync("v3.projectcalico.org", cancellationToken: cancel)).ConfigureAwait(false);
        bool? available = apiService is null ? null : apiService.Status?.Conditions?.Any(c => c.Type == "Available" && c.Status == "True") == true;
        var csi = await Exists(() => client.StorageV1.ReadCSIDriverAsync("csi.tigera.io", cancellationToken: cancel)).ConfigureAwait(false);
        var csiNode = await DaemonSetAsync("calico-system", "csi-node-driver", cancel).ConfigureAwait(false);
        var applicationLayer = await Exists(() => client.CustomObjects.GetClusterCustomObjectAsync("operator.tigera.io", "v1", "applicationlayers", "tigera-secure", cancel)).ConfigureAwait(false);
        return new CalicoFacts(installation, node, available, csi, csiNode, applicationLayer);
    }

    private async Task<FelixFacts?> FelixAsync(CancellationToken cancel)
    {
        // The CRD behind both API groups: it answers whether or not the Calico API server runs.
        var found = await OptionalObject(() => client.CustomObjects.GetClusterCustomObjectAsync("crd.projectcalico.org", "v1", "felixconfigurations", "default", cancel)).ConfigureAwait(false);
        if (found is not { } felix)
        {
            return null;
        }

        var spec = felix.TryGetProperty("spec", out var s) ? s : default;
        string? Text(string name) => spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        bool? Flag(string name) => spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
        return new FelixFacts(Text("policySyncPathPrefix"), PolicySyncManagers(felix), Flag("bpfEnabled"), Text("bpfConnectTimeLoadBalancing"), Flag("bpfConnectTimeLoadBalancingEnabled"));
    }

    /// <summary>The managers whose managedFields entry holds spec.policySyncPathPrefix (fieldsV1 "f:spec" / "f:policySyncPathPrefix").</summary>
    private static ImmutableArray<string> PolicySyncManagers(JsonElement felix)
    {
        if (!felix.TryGetProperty("metadata", out var metadata) || !metadata.TryGetProperty("managedFields", out var fields) || fields.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. fields.EnumerateArray()
            .Where(f => f.TryGetProperty("fieldsV1", out var v) && v.TryGetProperty("f:spec", out var spec) && spec.TryGetProperty("f:policySyncPathPrefix", out _))
            .Select(f => f.TryGetProperty("manager", out var m) ? m.GetString() ?? "(unnamed)" : "(unnamed)")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    private async Task<MeshFacts> MeshAsync(CancellationToken cancel)
    {
        var tigeraIstio = await Exists(() => client.CustomObjects.GetClusterCustomObjectAsync("operator.tigera.io", "v1", "istios", "default", cancel)).ConfigureAwait(false);
        var istiods = await client.AppsV1.ListDeploymentForAllNamespacesAsync(labelSelector: "app=istiod", cancellationToken: cancel).ConfigureAwait(false);
        return new MeshFacts(tigeraIstio, [.. istiods.Items.Select(d => new IstiodFact(
            d.Metadata.NamespaceProperty, d.Metadata.Name,
            d.Metadata.Labels?.TryGetValue("istio.io/rev", out var rev) == true ? rev : null,
            d.Spec?.Template?.Spec?.Containers?.FirstOrDefault()?.Image,
            AppliedByPulumi(d.Metadata)))
            .OrderBy(i => (i.Namespace, i.Name))]);
    }

    private async Task<NamespaceFact?> NamespaceAsync(string name, CancellationToken cancel)
    {
        if (await Optional(() => client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancel)).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        var deployments = await client.AppsV1.ListNamespacedDeploymentAsync(name, cancellationToken: cancel).ConfigureAwait(false);
        var statefulSets = await client.AppsV1.ListNamespacedStatefulSetAsync(name, cancellationToken: cancel).ConfigureAwait(false);
        var daemonSets = await client.AppsV1.ListNamespacedDaemonSetAsync(name, cancellationToken: cancel).ConfigureAwait(false);
        var policies = await client.NetworkingV1.ListNamespacedNetworkPolicyAsync(name, cancellationToken: cancel).ConfigureAwait(false);
        var calicoPolicies = await OptionalObject(() => client.CustomObjects.ListNamespacedCustomObjectAsync("crd.projectcalico.org", "v1", name, "networkpolicies", cancellationToken: cancel)).ConfigureAwait(false);
        return new NamespaceFact(name,
            [.. deployments.Items.Select(d => d.Metadata.Name).Order(StringComparer.Ordinal)],
            [.. statefulSets.Items.Select(s => s.Metadata.Name).Concat(daemonSets.Items.Select(d => d.Metadata.Name)).Order(StringComparer.Ordinal)],
            [.. policies.Items.Where(p => p.Spec?.PolicyTypes?.Contains("Egress") == true).Select(p => p.Metadata.Name)
                .Concat(CalicoEgressPolicies(calicoPolicies)).Order(StringComparer.Ordinal)],
            AppliedByPulumi(found.Metadata));
    }

    /// <summary>Calico NetworkPolicies (crd.projectcalico.org/v1, the store behind projectcalico.org/v3) whose spec.types include Egress.</summary>
    private static IEnumerable<string> CalicoEgressPolicies(JsonElement? list)
    {
        if (list is not { } l || !l.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (item.TryGetProperty("spec", out var spec) && spec.TryGetProperty("types", out var types) && types.ValueKind == JsonValueKind.Array
                && types.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "Egress")
                && item.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("name", out var n))
            {
                // Calico's own store prefixes names of policies created through the v3 API with their tier ("default.").
                yield return "calico:" + n.GetString();
            }
        }
    }

    /// <summary>
    /// The Pulumi Kubernetes provider applies server-side with a field manager named
    /// pulumi-kubernetes-&lt;suffix&gt; (pulumi-kubernetes without SSA): an object applied that way is
    /// this stack's, or another Pulumi stack's.
    /// </summary>
    private static bool AppliedByPulumi(V1ObjectMeta metadata) =>
        metadata.ManagedFields?.Any(f => f.Manager?.StartsWith("pulumi-kubernetes", StringComparison.Ordinal) == true) == true;

    private async Task<DaemonSetFact?> DaemonSetAsync(string ns, string name, CancellationToken cancel)
    {
        var ds = await Optional(() => client.AppsV1.ReadNamespacedDaemonSetAsync(name, ns, cancellationToken: cancel)).ConfigureAwait(false);
        return ds is null ? null : new DaemonSetFact(ns, name,
            [.. (ds.Spec?.Template?.Spec?.Containers ?? []).Select(c => c.Image ?? string.Empty)],
            ds.Status?.DesiredNumberScheduled ?? 0, ds.Status?.NumberReady ?? 0);
    }

    private static async Task<bool> Exists<T>(Func<Task<T>> read) => await Optional(read).ConfigureAwait(false) is not null;

    private static async Task<T?> Optional<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return default;
        }
    }

    private static async Task<JsonElement?> OptionalObject(Func<Task<object>> read) =>
        await Optional(read).ConfigureAwait(false) is JsonElement element ? element : null;
}
