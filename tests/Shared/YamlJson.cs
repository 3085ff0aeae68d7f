using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CalicoAlp.Tests.Support;

/// <summary>YAML to JSON with YAML 1.2 core-schema scalars, as kubectl reads manifests.</summary>
internal static class YamlJson
{
    public static IEnumerable<JsonNode?> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => Convert(d.RootNode));
    }

    public static JsonNode? Single(string yaml) => Documents(yaml).Single();

    /// <summary>
    /// True when a file read back (<paramref name="back"/>) is the object it was written from:
    /// numbers compared by value, since the reader makes longs and doubles where the tree keeps text.
    /// </summary>
    public static bool ReadsBackAs(JsonNode? written, JsonNode? back) => JsonNode.DeepEquals(Normalized(written), Normalized(back));

    private static JsonNode? Normalized(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Normalized(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Normalized)]),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => JsonValue.Create(double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)),
        _ => node?.DeepClone(),
    };

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c =>
            new KeyValuePair<string, JsonNode?>(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException(node.NodeType.ToString()),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when text.Any(char.IsDigit) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }
}
