using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.TestKit.Schemas;

/// <summary>
/// What kube-apiserver checks beyond the OpenAPI schema, for the kinds we render (apimachinery's
/// ValidateObjectMeta, label and qualified-name rules, and server-side apply's list-map keys):
/// the object's name, every ObjectMeta's label keys, label values and annotation keys, and that
/// the items of a list typed as a map (x-kubernetes-list-type: map) differ in their map keys.
/// </summary>
public static partial class ApiServerRules
{
    private const string ObjectMeta = "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /// <summary>A qualified name's name part, and a label value when not empty.</summary>
    [GeneratedRegex(@"\A([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePart();

    /// <summary>Kinds whose names must be DNS-1123 labels; every other kind we render takes a DNS-1123 subdomain.</summary>
    private static readonly HashSet<string> LabelNamedKinds = new(StringComparer.Ordinal) { "Namespace", "Service" };

    /// <param name="schema">The object's schema as <see cref="SchemaCatalog"/> compiles it: a CRD's, or an OpenAPI root with its definitions.</param>
    public static IEnumerable<string> Check(JsonObject obj, JsonObject schema)
    {
        var errors = new List<string>();
        if (obj["metadata"] is JsonObject metadata)
        {
            if (metadata["name"]?.GetValue<string>() is { } name)
            {
                var kind = obj["kind"]?.GetValue<string>() ?? string.Empty;
                var ok = LabelNamedKinds.Contains(kind) ? Names.IsLabel(name) : Names.IsSubdomain(name);
                if (!ok)
                {
                    errors.Add($"metadata.name: '{name}' is not a DNS-1123 {(LabelNamedKinds.Contains(kind) ? "label" : "subdomain")}");
                }
            }

            // A CRD leaves metadata open; the server checks it as ObjectMeta all the same.
            CheckMeta(metadata, "metadata", errors);
        }

        Walk(obj, schema, schema, string.Empty, errors);
        return errors;
    }

    private static void CheckMeta(JsonObject metadata, string path, List<string> errors)
    {
        foreach (var (key, value) in metadata["labels"] as JsonObject ?? [])
        {
            errors.AddRange(QualifiedName(key).Select(e => $"{path}.labels: key '{key}' {e}"));
            var text = value?.GetValue<string>() ?? string.Empty;
            if (text.Length > 63 || (text.Length > 0 && !NamePart().IsMatch(text)))
            {
                errors.Add($"{path}.labels['{key}']: value '{text}' must be at most 63 characters, alphanumeric at both ends, with '-', '_' and '.' between");
            }
        }

        foreach (var (key, _) in metadata["annotations"] as JsonObject ?? [])
        {
            errors.AddRange(QualifiedName(key).Select(e => $"{path}.annotations: key '{key}' {e}"));
        }
    }

    /// <summary>[prefix/]name: the prefix a DNS-1123 subdomain, the name at most 63 characters.</summary>
    private static IEnumerable<string> QualifiedName(string key)
    {
        var slash = key.LastIndexOf('/');
        var (prefix, name) = slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
        if (prefix is not null && !Names.IsSubdomain(prefix))
        {
            yield return "has a prefix that is not a DNS-1123 subdomain";
        }

        if (name.Length > 63 || !NamePart().IsMatch(name))
        {
            yield return "has a name part that is not at most 63 characters, alphanumeric at both ends, with '-', '_' and '.' between";
        }
    }

    private static void Walk(JsonNode? value, JsonObject schema, JsonObject root, string path, List<string> errors)
    {
        if (value is null)
        {
            return;
        }

        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            if (reference == ObjectMeta && value is JsonObject meta && path != ".metadata")
            {
                CheckMeta(meta, path.TrimStart('.'), errors);
            }

            Walk(value, (JsonObject)root["definitions"]![reference["#/definitions/".Length..]]!, root, path, errors);
            return;
        }

        foreach (var part in (schema["allOf"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Walk(value, part, root, path, errors);
        }

        if (value is JsonArray list && schema["items"] is JsonObject items)
        {
            if (schema["x-kubernetes-list-type"]?.GetValue<string>() == "map" && schema["x-kubernetes-list-map-keys"] is JsonArray keys)
            {
                var names = keys.Select(k => k!.GetValue<string>()).ToList();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in list.OfType<JsonObject>())
                {
                    var identity = string.Join(", ", names.Select(n => $"{n}={item[n]?.ToJsonString() ?? Default(items, n, root)}"));
                    if (!seen.Add(identity))
                    {
                        errors.Add($"{path.TrimStart('.')}: duplicate entries for key [{identity}]");
                    }
                }
            }

            for (var i = 0; i < list.Count; i++)
            {
                Walk(list[i], items, root, $"{path}[{i}]", errors);
            }
        }
        else if (value is JsonObject map)
        {
            var properties = schema["properties"] as JsonObject;
            foreach (var (name, child) in map)
            {
                if (properties?[name] is JsonObject property)
                {
                    Walk(child, property, root, $"{path}.{name}", errors);
                }
                else if (schema["additionalProperties"] is JsonObject additional)
                {
                    Walk(child, additional, root, $"{path}.{name}", errors);
                }
            }
        }
    }

    /// <summary>A map key the item leaves out takes its schema default, as the server defaults it before comparing (a port's protocol: TCP).</summary>
    private static string Default(JsonObject items, string key, JsonObject root)
    {
        var schema = items;
        while ((schema["$ref"] ?? (schema["allOf"] as JsonArray)?.SingleOrDefault()?["$ref"])?.GetValue<string>() is { } reference)
        {
            schema = (JsonObject)root["definitions"]![reference["#/definitions/".Length..]]!;
        }

        return schema["properties"]?[key]?["default"]?.ToJsonString() ?? "null";
    }
}
