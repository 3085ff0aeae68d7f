using System.Text.Encodings.Web;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
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
    public static string ToRawText(YamlNode node)
    {
        if (node is YamlScalarNode scalar)
        {
            return ScalarText(scalar);
        }

        // Written straight to JSON, not built as a JsonNode tree first: the text is the same (one
        // writer, the default escaping), and a JsonNode leaf brings System.Text.Json's converters,
        // whose first construction costs the native alp a third of a million instructions.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            case YamlSequenceNode seq:
                writer.WriteStartArray();
                foreach (var item in seq.Children)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlMappingNode map:
                WriteMap(writer, map);
                break;
            default:
                throw new YamlException(node.Start, node.End, "YAML aliases are not supported in config");
        }
    }

    private static void WriteMap(Utf8JsonWriter writer, YamlMappingNode map)
    {
        writer.WriteStartObject();
        string? previous = null;
        // The engine marshals maps with sorted keys; sorted, a duplicate is next to its twin.
        foreach (var (key, value) in map.Children.OrderBy(c => KeyText(c.Key), StringComparer.Ordinal))
        {
            var name = KeyText(key);
            if (name == previous)
            {
                throw new YamlException(key.Start, key.End, $"duplicate key '{name}'");
            }

            previous = name;
            writer.WritePropertyName(name);
            Write(writer, value);
        }

        writer.WriteEndObject();
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
    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            writer.WriteStringValue(text);
        }
        else if (IsNull(text))
        {
            writer.WriteNullValue();
        }
        else if (ParseBool(text) is { } b)
        {
            writer.WriteBooleanValue(b);
        }
        else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            writer.WriteNumberValue(l);
        }
        else if (text.Any(char.IsDigit) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            // JSON has no infinity: the engine could not pass it on either.
            writer.WriteNumberValue(double.IsFinite(d) ? d
                : throw new YamlException(scalar.Start, scalar.End, $"line {scalar.Start.Line}: '{text}' is too large for a number; quote it if it is meant as text"));
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    private static bool IsNull(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    private static bool? ParseBool(string text) => text switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };
}
