using System.Text.Json.Nodes;

namespace CalicoAlp.TestKit.Schemas;

/// <summary>
/// Rewrites upstream OpenAPI/CRD schemas into draft-04 JSON Schema that validates the way
/// `kubectl --validate=strict` does (see shared/schemas/README.md, "Points to watch").
/// </summary>
internal static class SchemaTransforms
{
    private static readonly string[] SchemaMaps = ["properties", "definitions", "patternProperties"];
    private static readonly string[] SchemaLists = ["allOf", "anyOf", "oneOf"];
    private static readonly string[] SchemaSingles = ["not", "additionalItems"];

    public static void Apply(JsonNode? node, bool strict, bool relaxRequired)
    {
        if (node is not JsonObject schema)
        {
            return;
        }

        if (schema["$ref"] is JsonValue reference && reference.GetValue<string>().StartsWith("#/components/schemas/", StringComparison.Ordinal))
        {
            schema["$ref"] = "#/definitions/" + reference.GetValue<string>()["#/components/schemas/".Length..];
        }

        if (schema["x-kubernetes-int-or-string"] is JsonValue ios && ios.GetValue<bool>())
        {
            schema["type"] = new JsonArray("integer", "string");
        }

        if (schema["nullable"] is JsonValue nullable && nullable.GetValue<bool>() && schema["type"] is JsonValue type)
        {
            schema["type"] = new JsonArray(type.GetValue<string>(), "null");
        }

        if (relaxRequired)
        {
            schema.Remove("required");
        }

        var preserve = schema["x-kubernetes-preserve-unknown-fields"] is JsonValue p && p.GetValue<bool>();
        if (strict && schema.ContainsKey("properties") && !schema.ContainsKey("additionalProperties") && !preserve)
        {
            schema["additionalProperties"] = false;
        }

        foreach (var map in SchemaMaps)
        {
            if (schema[map] is JsonObject children)
            {
                foreach (var (_, child) in children)
                {
                    Apply(child, strict, relaxRequired);
                }
            }
        }

        foreach (var list in SchemaLists)
        {
            if (schema[list] is JsonArray children)
            {
                foreach (var child in children)
                {
                    Apply(child, strict, relaxRequired);
                }
            }
        }

        foreach (var single in SchemaSingles)
        {
            Apply(schema[single], strict, relaxRequired);
        }

        switch (schema["items"])
        {
            case JsonObject items:
                Apply(items, strict, relaxRequired);
                break;
            case JsonArray tuple:
                foreach (var child in tuple)
                {
                    Apply(child, strict, relaxRequired);
                }

                break;
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            Apply(additional, strict, relaxRequired);
        }
    }
}
