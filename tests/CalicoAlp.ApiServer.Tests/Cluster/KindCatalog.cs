using System.Text.Json.Nodes;

namespace CalicoAlp.ApiServer.Tests.Cluster;

/// <summary>Where a kind lives on the server: its group, version, plural and scope.</summary>
public sealed record KindRoute(string Group, string Version, string Plural, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}

/// <summary>
/// The kinds the tier applies: the built-in ones the stacks render (Namespace, Deployment, DaemonSet) (with revision tags,
/// Service and MutatingWebhookConfiguration), doctor's recorded cluster holds (Node, NetworkPolicy, CSIDriver),
/// the pods (and their ServiceAccount) doctor reads a revision's use from,
/// and every kind of the CRDs it installed. A kind outside it stops the test naming the kind, so
/// a new kind in a plan is added here deliberately.
/// </summary>
public sealed class KindCatalog
{
    private readonly Dictionary<(string ApiVersion, string Kind), KindRoute> _routes = new()
    {
        [("v1", "Namespace")] = new(string.Empty, "v1", "namespaces", Namespaced: false),
        [("apps/v1", "Deployment")] = new("apps", "v1", "deployments", Namespaced: true),
        [("apps/v1", "DaemonSet")] = new("apps", "v1", "daemonsets", Namespaced: true),
        [("v1", "Node")] = new(string.Empty, "v1", "nodes", Namespaced: false),
        [("v1", "Service")] = new(string.Empty, "v1", "services", Namespaced: true),
        [("v1", "Pod")] = new(string.Empty, "v1", "pods", Namespaced: true),
        [("v1", "ServiceAccount")] = new(string.Empty, "v1", "serviceaccounts", Namespaced: true),
        [("networking.k8s.io/v1", "NetworkPolicy")] = new("networking.k8s.io", "v1", "networkpolicies", Namespaced: true),
        [("storage.k8s.io/v1", "CSIDriver")] = new("storage.k8s.io", "v1", "csidrivers", Namespaced: false),
        [("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration")] = new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", Namespaced: false),
    };

    /// <summary>Every namespaced kind but core ones: what a namespace's deletion empties.</summary>
    public IEnumerable<KindRoute> NamespacedKinds => _routes.Values.Where(r => r.Namespaced && r.Group.Length > 0).Distinct();

    public void AddCrd(JsonObject crd)
    {
        var spec = crd["spec"]!;
        var group = spec["group"]!.GetValue<string>();
        var plural = spec["names"]!["plural"]!.GetValue<string>();
        var kind = spec["names"]!["kind"]!.GetValue<string>();
        var namespaced = spec["scope"]!.GetValue<string>() == "Namespaced";
        foreach (var version in spec["versions"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()))
        {
            _routes[($"{group}/{version}", kind)] = new KindRoute(group, version, plural, namespaced);
        }
    }

    public KindRoute Route(string apiVersion, string kind) =>
        _routes.TryGetValue((apiVersion, kind), out var route)
            ? route
            : throw new InvalidOperationException($"the API-server tier does not know {apiVersion}/{kind}: add it to {nameof(KindCatalog)}");
}
