using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CalicoAlp.Stacks.Files;

/// <summary>
/// Converts YAML nodes the way the Pulumi engine does before handing config to a program:
/// plain scalars become booleans, numbers or null by YAML's core schema; quoted scalars stay strings.
/// </summary>
internal static class YamlValues
{
    public static bool IsSecure(YamlNode node, out YamlNode? cipher)
    {
        cipher = null;
        if (node is YamlMappingNode map && map.Children.Count == 1
            && map.Children.First().Key is YamlScalarNode { Value: "secure" })
        {
            cipher = map.Children.First().Value;
            return true;
        }

        return false;
    }

    public static bool ContainsSecure(YamlNode node) => node switch
    {
        YamlMappingNode map => IsSecure(map, out _) || map.Children.Any(c => ContainsSecure(c.Value)),
        YamlSequenceNode seq => seq.Children.Any(ContainsSecure),
        _ => false,
    };

    /// <summary>The engine's string form: scalars as written, structures as compact JSON.</summary>
    public static string ToRawText(YamlNode node) => node is YamlScalarNode scalar ? ScalarText(scalar) : ToJson(node)!.ToJsonString();

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode scalar => ScalarValue(scalar),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlMappingNode map => Map(map),
        _ => throw new YamlException(node.Start, node.End, "YAML aliases are not supported in config"),
    };

    private static JsonObject Map(YamlMappingNode map)
    {
        var json = new JsonObject();
        // The engine marshals maps with sorted keys.
        foreach (var (key, value) in map.Children.OrderBy(c => KeyText(c.Key), StringComparer.Ordinal))
        {
            if (!json.TryAdd(KeyText(key), ToJson(value)))
            {
                throw new YamlException(key.Start, key.End, $"duplicate key '{KeyText(key)}'");
            }
        }

        return json;
    }

    private static string KeyText(YamlNode key) =>
        key is YamlScalarNode { Value: { } text } ? text
            : throw new YamlException(key.Start, key.End, "mapping keys must be plain strings");

    private static string ScalarText(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.Plain && IsNull(text))
        {
            return string.Empty;
        }

        if (scalar.Style is ScalarStyle.Plain && ParseBool(text) is { } b)
        {
            return b ? "true" : "false";
        }

        return text;
    }

    /// <summary>By YAML's core schema, as the engine reads a plain scalar; a quoted one stays a string.</summary>
    private static JsonValue? ScalarValue(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (IsNull(text))
        {
            return null;
        }

        if (ParseBool(text) is { } b)
        {
            return JsonValue.Create(b);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (text.Any(char.IsDigit) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            // JSON has no infinity: the engine could not pass it on either.
            return double.IsFinite(d) ? JsonValue.Create(d)
                : throw new YamlException(scalar.Start, scalar.End, $"line {scalar.Start.Line}: '{text}' is too large for a number; quote it if it is meant as text");
        }

        return JsonValue.Create(text);
    }

    private static bool IsNull(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    private static bool? ParseBool(string text) => text switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };
}
