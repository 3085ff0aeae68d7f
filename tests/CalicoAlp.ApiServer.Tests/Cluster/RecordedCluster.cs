using System.Text.Json.Nodes;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.ApiServer.Tests.Cluster;

/// <summary>
/// The healthy cluster doctor's own tests answer from (tests/data/cluster/healthy.json), made real:
/// each recorded object applied to the server as its owner would (status through the status
/// subresource), with what only the server sets (uid, resourceVersion, timestamps, a Service's
/// cluster IP from another range) left out. The recorded APIService is left out too: for the
/// native projectcalico.org/v3 CRDs the tier installs, the server registers a local
/// v3.projectcalico.org APIService of its own, Available, which is what doctor reads.
/// </summary>
public static class RecordedCluster
{
    public const string Manager = "recorded-cluster";

    /// <summary>The recorded objects, in an order the server takes them: namespaces first.</summary>
    public static IReadOnlyList<JsonObject> Healthy()
    {
        var routes = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "data", "cluster", "healthy.json")))!["routes"]!.AsObject();
        var objects = new List<JsonObject>();
        foreach (var (path, node) in routes)
        {
            if (node is not JsonObject response || path == "/version" || response["kind"]?.GetValue<string>() == "APIService")
            {
                continue;
            }

            var kind = response["kind"]!.GetValue<string>();
            if (kind.EndsWith("List", StringComparison.Ordinal))
            {
                foreach (var item in response["items"]!.AsArray().OfType<JsonObject>())
                {
                    var copy = (JsonObject)item.DeepClone();
                    copy["apiVersion"] = response["apiVersion"]!.DeepClone();
                    copy["kind"] = kind[..^"List".Length];
                    objects.Add(Clean(copy));
                }
            }
            else
            {
                objects.Add(Clean((JsonObject)response.DeepClone()));
            }
        }

        var namespaces = objects.Select(o => o["metadata"]!["namespace"]?.GetValue<string>()).OfType<string>()
            .Where(n => n != "kube-system").Distinct(StringComparer.Ordinal)
            .Where(n => !objects.Any(o => o["kind"]!.GetValue<string>() == "Namespace" && o["metadata"]!["name"]!.GetValue<string>() == n))
            .Select(PreexistingObjects.Namespace);
        return [.. namespaces.Concat(objects).OrderBy(o => o["kind"]!.GetValue<string>() == "Namespace" ? 0 : 1)];
    }

    private static JsonObject Clean(JsonObject obj)
    {
        var metadata = obj["metadata"]!.AsObject();
        foreach (var field in new[] { "uid", "resourceVersion", "creationTimestamp", "managedFields", "generation" })
        {
            metadata.Remove(field);
        }

        if (obj["spec"] is JsonObject spec && obj["kind"]!.GetValue<string>() == "Service")
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
        }

        if (obj["spec"] is JsonObject nsSpec && obj["kind"]!.GetValue<string>() == "Namespace")
        {
            nsSpec.Remove("finalizers");
        }

        return obj;
    }
}
