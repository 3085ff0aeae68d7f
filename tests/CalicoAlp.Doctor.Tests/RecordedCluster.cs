using System.Text.Json.Nodes;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Doctor.Tests;

/// <summary>The recorded healthy cluster (tests/data/cluster/healthy.json), and copies of it with one fact changed.</summary>
internal sealed class RecordedCluster
{
    private readonly JsonObject _routes;

    private RecordedCluster(JsonObject routes) => _routes = routes;

    public static RecordedCluster Healthy() =>
        new(JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "data", "cluster", "healthy.json")))!["routes"]!.AsObject().DeepClone().AsObject());

    public JsonNode this[string path] => _routes[path] ?? throw new KeyNotFoundException(path);

    public RecordedCluster With(string path, Action<JsonNode> change)
    {
        var copy = (JsonObject)_routes.DeepClone();
        change(copy[path]!);
        return new(copy);
    }

    public RecordedCluster WithRoute(string path, JsonNode body)
    {
        var copy = (JsonObject)_routes.DeepClone();
        copy[path] = body;
        return new(copy);
    }

    public RecordedCluster Without(string path)
    {
        var copy = (JsonObject)_routes.DeepClone();
        Assert.True(copy.Remove(path), path);
        return new(copy);
    }

    /// <summary>A namespace with the given object and Deployments, and no StatefulSets, DaemonSets or NetworkPolicies: the lists doctor reads for it.</summary>
    public RecordedCluster WithNamespace(string name, JsonNode namespaceObject, params string[] deployments)
    {
        static JsonNode List(string kind, string apiVersion, IEnumerable<JsonNode> items) =>
            new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion, ["metadata"] = new JsonObject(), ["items"] = new JsonArray([.. items]) };
        return WithRoute($"/api/v1/namespaces/{name}", namespaceObject)
            .WithRoute($"/apis/apps/v1/namespaces/{name}/deployments", List("DeploymentList", "apps/v1",
                deployments.Select(d => (JsonNode)new JsonObject { ["metadata"] = new JsonObject { ["name"] = d, ["namespace"] = name } })))
            .WithRoute($"/apis/apps/v1/namespaces/{name}/statefulsets", List("StatefulSetList", "apps/v1", []))
            .WithRoute($"/apis/apps/v1/namespaces/{name}/daemonsets", List("DaemonSetList", "apps/v1", []))
            .WithRoute($"/apis/networking.k8s.io/v1/namespaces/{name}/networkpolicies", List("NetworkPolicyList", "networking.k8s.io/v1", []));
    }

    public FakeApiServer Serve() => new(_routes);
}
