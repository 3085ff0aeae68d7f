using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;

namespace CalicoAlp.Components.Resources;

/// <summary>Plan JSON to Pulumi inputs, value for value. No value is decided here.</summary>
public static class PlanInputs
{
    private static readonly string[] TopLevelFields = ["apiVersion", "kind", "metadata", "spec", "webhooks"];

    /// <summary>A JSON object as a map of JSON values; the Pulumi serializer sends JsonElement as is.</summary>
    public static ImmutableDictionary<string, object> ObjectMap(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return ImmutableDictionary<string, object>.Empty;
        }

        using var document = JsonDocument.Parse(obj.ToJsonString());
        return document.RootElement.EnumerateObject()
            .ToImmutableDictionary(p => p.Name, p => (object)p.Value.Clone(), StringComparer.Ordinal);
    }

    /// <summary>A JSON array as a list of JSON values, sent as they are.</summary>
    public static InputList<object> ObjectList(JsonNode? node)
    {
        var list = new InputList<object>();
        if (node is JsonArray array)
        {
            using var document = JsonDocument.Parse(array.ToJsonString());
            foreach (var item in document.RootElement.EnumerateArray())
            {
                list.Add((Input<object>)item.Clone());
            }
        }

        return list;
    }

    public static ImmutableDictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject obj
            ? obj.ToImmutableDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal)
            : ImmutableDictionary<string, string>.Empty;

    public static ObjectMetaArgs Metadata(JsonObject body)
    {
        var meta = body["metadata"]!;
        var args = new ObjectMetaArgs { Name = meta["name"]!.GetValue<string>() };
        if (meta["namespace"] is { } ns)
        {
            args.Namespace = ns.GetValue<string>();
        }

        if (meta["labels"] is JsonObject labels)
        {
            args.Labels = StringMap(labels);
        }

        if (meta["annotations"] is JsonObject annotations)
        {
            args.Annotations = StringMap(annotations);
        }

        return args;
    }

    public static ObjectMetaPatchArgs PatchMetadata(JsonNode? meta)
    {
        var args = new ObjectMetaPatchArgs();
        if (meta?["name"] is { } name)
        {
            args.Name = name.GetValue<string>();
        }

        if (meta?["namespace"] is { } ns)
        {
            args.Namespace = ns.GetValue<string>();
        }

        if (meta?["labels"] is JsonObject labels)
        {
            args.Labels = StringMap(labels);
        }

        if (meta?["annotations"] is JsonObject annotations)
        {
            args.Annotations = StringMap(annotations);
        }

        return args;
    }

    /// <summary>The Plan's objects hold only these fields (webhooks: a webhook configuration's); anything else would be silently dropped, so refuse it.</summary>
    public static void RequireKnownFields(string id, JsonObject body)
    {
        foreach (var (name, _) in body)
        {
            if (!TopLevelFields.Contains(name))
            {
                throw new InvalidOperationException($"plan item {id} has a top-level field '{name}' the Pulumi layer does not map");
            }
        }
    }
}
