using System.Collections.Immutable;
using System.Text.Json;
using CalicoAlp.Doctor.Kube;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Doctor;

/// <summary>
/// Reads the facts the checks need, with GETs and LISTs only: doctor never writes to the cluster.
/// A 404 is an absent fact; anything else (no access, no connection) is an error for the caller.
/// </summary>
public sealed class ClusterReader(KubeApi client)
{
    public async Task<ClusterFacts> ReadAsync(StackSettings settings, CancellationToken cancel = default)
    {
        var version = await client.GetRequiredAsync("/version", cancel).ConfigureAwait(false);
        var nodes = await client.GetRequiredAsync("/api/v1/nodes", cancel).ConfigureAwait(false);
        var calico = await CalicoAsync(cancel).ConfigureAwait(false);
        var felix = await client.GetAsync("/apis/crd.projectcalico.org/v1/felixconfigurations/default", cancel).ConfigureAwait(false);
        var mesh = await MeshAsync(settings, cancel).ConfigureAwait(false);
        var namespaces = ImmutableDictionary.CreateBuilder<string, NamespaceFact>(StringComparer.Ordinal);
        foreach (var ns in settings.Namespaces)
        {
            if (await NamespaceAsync(ns.Name, cancel).ConfigureAwait(false) is { } fact)
            {
                namespaces[ns.Name] = fact;
            }
        }

        var dns = new DnsFacts(
            await ExistsAsync("/api/v1/namespaces/kube-system/services/kube-dns", cancel).ConfigureAwait(false),
            await ExistsAsync("/apis/apps/v1/namespaces/kube-system/daemonsets/node-local-dns", cancel).ConfigureAwait(false));
        var stagedGlobal = await client.GetAsync("/apis/crd.projectcalico.org/v1/stagedglobalnetworkpolicies", cancel).ConfigureAwait(false);
        return new ClusterFacts(Json.Text(version, "gitVersion") ?? string.Empty,
            [.. Json.Items(nodes).Select(n => new NodeFact(Json.Name(n), Json.Text(n, "status", "nodeInfo", "kubeletVersion") ?? string.Empty)).OrderBy(n => n.Name, StringComparer.Ordinal)],
            calico, felix is { } f ? Felix(f) : null, mesh, namespaces.ToImmutable(), dns)
        {
            StagedGlobalPolicies = Staged(stagedGlobal),
        };
    }

    private async Task<CalicoFacts> CalicoAsync(CancellationToken cancel)
    {
        var installation = await ExistsAsync("/apis/operator.tigera.io/v1/installations/default", cancel).ConfigureAwait(false);
        var node = await DaemonSetAsync("calico-system", "calico-node", cancel).ConfigureAwait(false)
            ?? await DaemonSetAsync("kube-system", "calico-node", cancel).ConfigureAwait(false);
        var apiService = await client.GetAsync("/apis/apiregistration.k8s.io/v1/apiservices/v3.projectcalico.org", cancel).ConfigureAwait(false);
        bool? available = apiService is not { } service ? null
            : Json.Array(service, "status", "conditions").Any(c => Json.Text(c, "type") == "Available" && Json.Text(c, "status") == "True");
        var csi = await ExistsAsync("/apis/storage.k8s.io/v1/csidrivers/csi.tigera.io", cancel).ConfigureAwait(false);
        var csiNode = await DaemonSetAsync("calico-system", "csi-node-driver", cancel).ConfigureAwait(false);
        var applicationLayer = await ExistsAsync("/apis/operator.tigera.io/v1/applicationlayers/tigera-secure", cancel).ConfigureAwait(false);
        return new CalicoFacts(installation, node, available, csi, csiNode, applicationLayer);
    }

    /// <summary>FelixConfiguration default, read through the CRD behind both API groups: it answers whether or not the Calico API server runs.</summary>
    private static FelixFacts Felix(JsonElement felix)
    {
        bool? Flag(string name) => Json.Get(felix, "spec", name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : null;
        return new FelixFacts(Json.Text(felix, "spec", "policySyncPathPrefix"), PolicySyncManagers(felix), Flag("bpfEnabled"),
            Json.Text(felix, "spec", "bpfConnectTimeLoadBalancing"), Flag("bpfConnectTimeLoadBalancingEnabled"));
    }

    /// <summary>The managers whose managedFields entry holds spec.policySyncPathPrefix (fieldsV1 "f:spec" / "f:policySyncPathPrefix").</summary>
    private static ImmutableArray<string> PolicySyncManagers(JsonElement felix) =>
        [.. Json.Array(felix, "metadata", "managedFields")
            .Where(f => Json.Get(f, "fieldsV1", "f:spec", "f:policySyncPathPrefix") is not null)
            .Select(f => Json.Text(f, "manager") ?? "(unnamed)")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    private async Task<MeshFacts> MeshAsync(StackSettings settings, CancellationToken cancel)
    {
        var tigeraIstio = await ExistsAsync("/apis/operator.tigera.io/v1/istios/default", cancel).ConfigureAwait(false);
        var istiods = await client.GetRequiredAsync("/apis/apps/v1/deployments?labelSelector=app%3Distiod", cancel).ConfigureAwait(false);
        var facts = new MeshFacts(tigeraIstio, [.. Json.Items(istiods).Select(d => new IstiodFact(
            Json.Text(d, "metadata", "namespace") ?? string.Empty, Json.Name(d),
            Json.Text(d, "metadata", "labels", "istio.io/rev"),
            Json.Array(d, "spec", "template", "spec", "containers").Select(c => Json.Text(c, "image")).FirstOrDefault(),
            AppliedByPulumi(d)))
            .OrderBy(i => (i.Namespace, i.Name))]);
        var crd = await client.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/peerauthentications.security.istio.io", cancel).ConfigureAwait(false);
        var meshMtls = crd is null ? null
            : await client.GetAsync($"/apis/security.istio.io/v1/namespaces/{IstioSettings.SystemNamespaceName}/peerauthentications/default", cancel).ConfigureAwait(false);
        var tagHooks = await client.GetAsync($"/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations?labelSelector={Uri.EscapeDataString("istio.io/tag")}", cancel).ConfigureAwait(false);
        facts = facts with
        {
            Crds = crd is { } c ? new CrdsFact(AppliedByPulumi(c), Json.Text(c, "metadata", "labels", "app.kubernetes.io/version")) : null,
            MeshMtls = meshMtls is { } m ? new AppliedFact(AppliedByPulumi(m)) : null,
            Tags = tagHooks is { } t
                ? [.. Json.Items(t).Select(h => new TagFact(Json.Text(h, "metadata", "labels", "istio.io/tag") ?? Json.Name(h), Json.Text(h, "metadata", "labels", "istio.io/rev"), AppliedByPulumi(h)))
                    .OrderBy(h => h.Tag, StringComparer.Ordinal)]
                : [],
        };
        if (!settings.Istio.ByRevision)
        {
            return facts;
        }

        // A revision the stack's up would remove is in use, as sail-operator's IstioRevision InUse
        // condition reads it, while a running pod was injected by it (the injector writes the
        // revision into the pod's istio.io/rev annotation; the label may name a tag), a namespace
        // names it, or a tag the stack does not declare still points to it.
        var removed = facts.Istiods.Where(i => i.ManagedByThisStack && i.Revision is not null && settings.Istio.Revisions.All(r => r.Name != i.Revision))
            .Select(i => i.Revision!).Distinct(StringComparer.Ordinal).ToList();
        if (removed.Count == 0)
        {
            return facts;
        }

        var pods = await client.GetRequiredAsync($"/api/v1/pods?fieldSelector={Uri.EscapeDataString("status.phase!=Succeeded")}", cancel).ConfigureAwait(false);
        var namespaces = await client.GetRequiredAsync("/api/v1/namespaces", cancel).ConfigureAwait(false);
        // What a namespace's or a not yet injected pod's labels ask for is a tag when the stack declares one of that name.
        string? Untagged(string? asked) => asked is not null && settings.Istio.Tags.ContainsKey(asked) ? null : asked;
        var namespaceRevisions = Json.Items(namespaces).ToDictionary(Json.Name, NamespaceRevision, StringComparer.Ordinal);
        // A pod uses the revision that injected it; one not injected yet, in a namespace that asks for nothing, the one its labels ask for.
        var podRevisions = Json.Items(pods).Select(p => (
            Name: $"{Json.Text(p, "metadata", "namespace")}/{Json.Name(p)}",
            Revision: Json.Text(p, "metadata", "annotations", "istio.io/rev")
                ?? (namespaceRevisions.GetValueOrDefault(Json.Text(p, "metadata", "namespace") ?? string.Empty) is null ? Untagged(PodLabelRevision(p)) : null)))
            .ToList();
        return facts with
        {
            Leaving = [.. removed.Select(revision => new RevisionUse(revision,
                [.. podRevisions.Where(p => p.Revision == revision).Select(p => p.Name).Order(StringComparer.Ordinal)],
                [.. namespaceRevisions.Where(n => Untagged(n.Value) == revision).Select(n => n.Key).Order(StringComparer.Ordinal)])
            {
                Tags = [.. facts.Tags.Where(t => t.Revision == revision && !settings.Istio.Tags.ContainsKey(t.Tag)).Select(t => t.Tag)],
            })],
        };
    }

    /// <summary>The revision (or tag) a pod's own labels ask for: istio.io/rev, else sidecar.istio.io/inject=true meaning the revision-less one; none when it opts out.</summary>
    private static string? PodLabelRevision(JsonElement pod) =>
        Json.Text(pod, "metadata", "labels", "sidecar.istio.io/inject") == "false" ? null
        : Json.Text(pod, "metadata", "labels", "istio.io/rev")
        ?? (Json.Text(pod, "metadata", "labels", "sidecar.istio.io/inject") == "true" ? "default" : null);

    /// <summary>The revision a namespace's labels ask for: istio-injection=enabled wins and means the revision-less one ("default").</summary>
    private static string? NamespaceRevision(JsonElement ns) =>
        Json.Text(ns, "metadata", "labels", "istio-injection") == "enabled" ? "default" : Json.Text(ns, "metadata", "labels", "istio.io/rev");

    private async Task<NamespaceFact?> NamespaceAsync(string name, CancellationToken cancel)
    {
        var ns = Uri.EscapeDataString(name);
        if (await client.GetAsync($"/api/v1/namespaces/{ns}", cancel).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        var deployments = await client.GetRequiredAsync($"/apis/apps/v1/namespaces/{ns}/deployments", cancel).ConfigureAwait(false);
        var statefulSets = await client.GetRequiredAsync($"/apis/apps/v1/namespaces/{ns}/statefulsets", cancel).ConfigureAwait(false);
        var daemonSets = await client.GetRequiredAsync($"/apis/apps/v1/namespaces/{ns}/daemonsets", cancel).ConfigureAwait(false);
        var policies = await client.GetRequiredAsync($"/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies", cancel).ConfigureAwait(false);
        var calicoPolicies = await client.GetAsync($"/apis/crd.projectcalico.org/v1/namespaces/{ns}/networkpolicies", cancel).ConfigureAwait(false);
        var sidecars = await client.GetAsync($"/apis/networking.istio.io/v1/namespaces/{ns}/sidecars", cancel).ConfigureAwait(false);
        var staged = await client.GetAsync($"/apis/crd.projectcalico.org/v1/namespaces/{ns}/stagednetworkpolicies", cancel).ConfigureAwait(false);
        return new NamespaceFact(name,
            [.. Json.Items(deployments).Select(Json.Name).Order(StringComparer.Ordinal)],
            [.. Json.Items(statefulSets).Concat(Json.Items(daemonSets)).Select(Json.Name).Order(StringComparer.Ordinal)],
            [.. Json.Items(policies).Where(p => Json.Array(p, "spec", "policyTypes").Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "Egress")).Select(Json.Name)
                .Concat(CalicoEgressPolicies(calicoPolicies)).Order(StringComparer.Ordinal)],
            AppliedByPulumi(found))
        {
            Labels = Labels(found, "metadata", "labels"),
            PodLabels = Json.Items(deployments).ToImmutableDictionary(Json.Name, d => PodLabels(d, name), StringComparer.Ordinal),
            TemplateFields = Json.Items(deployments).ToImmutableDictionary(Json.Name, TemplateFields, StringComparer.Ordinal),
            Sidecars = sidecars is not { } list ? [] : [.. Json.Items(list).Select(sc => new SidecarFact(Json.Name(sc),
                [.. Json.Array(sc, "spec", "egress").SelectMany(e => Json.Array(e, "hosts")).Where(h => h.ValueKind == JsonValueKind.String).Select(h => h.GetString()!)],
                Json.Get(sc, "spec", "workloadSelector") is not null)).OrderBy(sc => sc.Name, StringComparer.Ordinal)],
            StagedPolicies = Staged(staged),
        };
    }

    private static ImmutableSortedDictionary<string, string> Labels(JsonElement item, params ReadOnlySpan<string> path) =>
        Json.Get(item, path) is { ValueKind: JsonValueKind.Object } labels
            ? labels.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToImmutableSortedDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>A Deployment's pod-template labels and annotations, each with the managers whose managedFields name it.</summary>
    private static ImmutableArray<TemplateField> TemplateFields(JsonElement deployment) =>
        [.. Json.Array(deployment, "metadata", "managedFields")
            .SelectMany(entry => WorkloadChecks.TemplateParts.SelectMany(part =>
                (Json.Get(entry, "fieldsV1", "f:spec", "f:template", "f:metadata", "f:" + part) is { ValueKind: JsonValueKind.Object } fields ? fields.EnumerateObject() : Enumerable.Empty<JsonProperty>())
                    .Where(f => f.Name.StartsWith("f:", StringComparison.Ordinal))
                    .Select(f => (Part: part, Name: f.Name[2..], Manager: Json.Text(entry, "manager") ?? string.Empty))))
            .GroupBy(f => (f.Part, f.Name))
            .Select(g => new TemplateField($"{g.Key.Part}/{g.Key.Name}", Json.Text(deployment, "spec", "template", "metadata", g.Key.Part, g.Key.Name) ?? string.Empty,
                [.. g.Select(f => f.Manager).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
            .OrderBy(f => f.Key, StringComparer.Ordinal)];

    /// <summary>The labels Calico gives a Deployment's pods: the template's, the namespace, and the service account.</summary>
    private static ImmutableSortedDictionary<string, string> PodLabels(JsonElement deployment, string ns) =>
        Labels(deployment, "spec", "template", "metadata", "labels")
            .SetItem("projectcalico.org/namespace", ns)
            .SetItem("projectcalico.org/orchestrator", "k8s")
            .SetItem("projectcalico.org/serviceaccount", Json.Text(deployment, "spec", "template", "spec", "serviceAccountName") ?? "default");

    /// <summary>Staged (Global)NetworkPolicies from a list; a missing selector selects every endpoint, as Calico reads it.</summary>
    private static ImmutableArray<StagedPolicyFact> Staged(JsonElement? list) =>
        list is not { } l ? []
            : [.. Json.Items(l).Select(p => new StagedPolicyFact(Json.Name(p), Json.Text(p, "spec", "selector") ?? "all()", Json.Text(p, "spec", "namespaceSelector"),
                Json.Array(p, "spec", "ingress").Concat(Json.Array(p, "spec", "egress")).Any(r => Json.Text(r, "action") == "Deny")))
                .OrderBy(p => p.Name, StringComparer.Ordinal)];

    /// <summary>Calico NetworkPolicies (crd.projectcalico.org/v1, the store behind projectcalico.org/v3) whose spec.types include Egress.</summary>
    private static IEnumerable<string> CalicoEgressPolicies(JsonElement? list) =>
        list is not { } l ? []
            : Json.Items(l)
                .Where(item => Json.Array(item, "spec", "types").Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "Egress") && Json.Text(item, "metadata", "name") is not null)
                // Calico's own store prefixes names of policies created through the v3 API with their tier ("default.").
                .Select(item => "calico:" + Json.Name(item));

    /// <summary>
    /// The Pulumi Kubernetes provider applies server-side with a field manager named
    /// pulumi-kubernetes-&lt;suffix&gt; (pulumi-kubernetes without SSA): an object applied that way is
    /// this stack's, or another Pulumi stack's.
    /// </summary>
    private static bool AppliedByPulumi(JsonElement item) =>
        Json.Array(item, "metadata", "managedFields").Any(f => Json.Text(f, "manager")?.StartsWith("pulumi-kubernetes", StringComparison.Ordinal) == true);

    private async Task<DaemonSetFact?> DaemonSetAsync(string ns, string name, CancellationToken cancel)
    {
        var ds = await client.GetAsync($"/apis/apps/v1/namespaces/{ns}/daemonsets/{name}", cancel).ConfigureAwait(false);
        return ds is not { } d ? null : new DaemonSetFact(ns, name,
            [.. Json.Array(d, "spec", "template", "spec", "containers").Select(c => Json.Text(c, "image") ?? string.Empty)],
            Json.Number(d, "status", "desiredNumberScheduled"), Json.Number(d, "status", "numberReady"));
    }

    private async Task<bool> ExistsAsync(string path, CancellationToken cancel) => await client.GetAsync(path, cancel).ConfigureAwait(false) is not null;
}
