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

    public FakeApiServer Serve() => new(_routes);
}
