using System.Text.Json.Nodes;

namespace CalicoAlp.ApiServer.Tests.Cluster;

/// <summary>
/// An object's scalar fields by path, lists keyed the way server-side apply keys them for the
/// kinds the tier compares (containers and env by name, ports by containerPort), so that two
/// objects can be compared field by field whatever order their lists are in.
/// </summary>
public static class Leaves
{
    public static IReadOnlyDictionary<string, string> Of(JsonNode? node)
    {
        var leaves = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(node, string.Empty, leaves);
        return leaves;
    }

    /// <summary>The fields that say what an object is, not what it holds: never given back or taken.</summary>
    public static bool IsIdentity(string path) =>
        path is ".apiVersion" or ".kind" or ".metadata.name" or ".metadata.namespace";

    private static void Walk(JsonNode? node, string path, SortedDictionary<string, string> leaves)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    Walk(child, $"{path}.{key}", leaves);
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var key = list[i] is JsonObject item ? (item["name"] ?? item["containerPort"])?.ToString() : null;
                    Walk(list[i], $"{path}[{key ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]", leaves);
                }

                break;
            case JsonValue value:
                leaves[path] = value.ToJsonString();
                break;
        }
    }
}
