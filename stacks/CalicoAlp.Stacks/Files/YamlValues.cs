using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CalicoAlp.Stacks.Files;

/// <summary>
/// Converts YAML nodes the way the Pulumi engine does before handing config to a program:
/// plain scalars become booleans, numbers or null by YAML's core schema; quoted scalars stay strings.
/// The Pulumi CLI reads stack files with go-yaml v3, which also reads YAML 1.1 forms our reader
/// does not (base-prefixed and underscored integers, timestamps, explicit tags); a value in such a
/// form is refused with the CLI's reading, never read differently.
/// </summary>
internal static partial class YamlValues
{
    /// <summary>go-yaml's integer forms beyond plain decimal: 0x, 0o, 0b prefixes, a leading 0 (YAML 1.1 octal), '_' separators.</summary>
    [GeneratedRegex(@"\A[-+]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]+|[0-9][0-9]*_[0-9_]*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex BasePrefixedInteger();

    /// <summary>The start of every timestamp form go-yaml decodes from a plain scalar (yyyy-m-d, optionally with a time).</summary>
    [GeneratedRegex(@"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|\z)", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

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
        // A top-level value reaches the program as the text written (go-yaml decodes it into a string).
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
        RefuseTag(scalar);
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (BasePrefixedInteger().IsMatch(text))
        {
            throw new YamlException(scalar.Start, scalar.End,
                $"line {scalar.Start.Line}: '{text}' is {PulumiInteger(text)} to the Pulumi CLI (go-yaml reads base prefixes, a leading 0 as octal, and '_' separators); write the number in plain decimal, or quote it if it is meant as text");
        }

        if (Timestamp().IsMatch(text))
        {
            throw new YamlException(scalar.Start, scalar.End,
                $"line {scalar.Start.Line}: '{text}' is a timestamp to the Pulumi CLI, which passes it on as a date-time text, not as written; quote it");
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

    /// <summary>Inside a structured value, an explicit tag (!!str 200, !!int "5") makes go-yaml read the value by the tag.</summary>
    private static void RefuseTag(YamlScalarNode scalar)
    {
        if (!scalar.Tag.IsEmpty)
        {
            throw new YamlException(scalar.Start, scalar.End,
                $"line {scalar.Start.Line}: the tag '{scalar.Tag.Value}' is read by the Pulumi CLI's YAML decoder and not by alp; write the value without it (quoted if it is text)");
        }
    }

    /// <summary>What go-yaml makes of a base-prefixed or underscored integer, for the message.</summary>
    private static string PulumiInteger(string text)
    {
        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = plain.StartsWith('-');
        var digits = plain.TrimStart('-', '+');
        var (radix, body) = digits.Length > 1 && digits[0] == '0'
            ? char.ToLowerInvariant(digits[1]) switch
            {
                'x' => (16, digits[2..]),
                'o' => (8, digits[2..]),
                'b' => (2, digits[2..]),
                _ => (8, digits[1..]),
            }
            : (10, digits);
        try
        {
            var value = Convert.ToInt64(body, radix);
            return (negative ? -value : value).ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return "not this number";
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
