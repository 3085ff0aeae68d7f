using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Stacks.Validation;
using CalicoAlp.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CalicoAlp.Stacks.Tests;

/// <summary>
/// A structured config value's text is written straight to JSON. It must be exactly the text the
/// JsonNode tree gave before (the reference below): the loader, the Pulumi engine's PULUMI_CONFIG
/// and every golden render read it.
/// </summary>
public sealed class YamlValuesTests
{
    /// <summary>The former conversion: a JsonNode tree by the same rules, serialized with the defaults.</summary>
    private static string Reference(YamlNode node) => node is YamlScalarNode
        ? throw new ArgumentException("structured values only", nameof(node))
        : ToNode(node)!.ToJsonString();

    private static JsonNode? ToNode(YamlNode node) => node switch
    {
        YamlScalarNode { Style: not ScalarStyle.Plain } quoted => JsonValue.Create(quoted.Value ?? string.Empty),
        YamlScalarNode plain => PlainNode(plain),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToNode)]),
        YamlMappingNode map => MapNode(map),
        _ => throw new YamlException(node.Start, node.End, "YAML aliases are not supported in config"),
    };

    private static JsonObject MapNode(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children.OrderBy(c => Key(c.Key), StringComparer.Ordinal))
        {
            var name = Key(key);
            if (result.ContainsKey(name))
            {
                throw new YamlException(key.Start, key.End, $"duplicate key '{name}'");
            }

            result[name] = ToNode(value);
        }

        return result;
    }

    private static string Key(YamlNode key) =>
        key is YamlScalarNode { Value: { } text } ? text : throw new YamlException(key.Start, key.End, "mapping keys must be plain strings");

    private static JsonValue? PlainNode(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text[0] is 't' or 'T');
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (text.Any(char.IsDigit) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return double.IsFinite(d) ? JsonValue.Create(d)
                : throw new YamlException(scalar.Start, scalar.End, $"line {scalar.Start.Line}: '{text}' is too large for a number; quote it if it is meant as text");
        }

        return JsonValue.Create(text);
    }

    private static (string? Text, string? Error) Outcome(Func<string> convert)
    {
        try
        {
            return (convert(), null);
        }
        catch (YamlException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// Every mapping and sequence in a YAML text, at any depth, read as the loader reads a stack
    /// file (hostile nesting stops there, before a node tree exists).
    /// </summary>
    private static IEnumerable<YamlNode> Structures(string yaml)
    {
        if (LimitedYaml.LoadMapping(yaml, "corpus.yaml", ImmutableArray.CreateBuilder<ConfigError>()) is not { } root)
        {
            yield break;
        }

        var pending = new Stack<YamlNode>([root]);
        while (pending.TryPop(out var node))
        {
            if (node is YamlMappingNode map)
            {
                yield return map;
                foreach (var (key, value) in map.Children)
                {
                    pending.Push(key);
                    pending.Push(value);
                }
            }
            else if (node is YamlSequenceNode seq)
            {
                yield return seq;
                foreach (var item in seq.Children)
                {
                    pending.Push(item);
                }
            }
        }
    }

    private static IEnumerable<string> Corpus()
    {
        yield return File.ReadAllText(Path.Combine(RepoPaths.Root, "Pulumi.yaml"));
        foreach (var stack in Directory.EnumerateFiles(RepoPaths.Root, "Pulumi.*.yaml").Concat(Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "examples"), "Pulumi.*.yaml")))
        {
            yield return File.ReadAllText(stack);
        }

        foreach (var hostile in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "tests", "data", "hostile"), "*.yaml"))
        {
            yield return File.ReadAllText(hostile);
        }

        // The bad-config corpus holds each stack as text under `stack:`.
        foreach (var entry in Structures(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "data", "bad-configs.yaml"))).OfType<YamlMappingNode>())
        {
            if (entry.Children.TryGetValue(new YamlScalarNode("stack"), out var stack) && stack is YamlScalarNode { Value: { } text })
            {
                yield return text;
            }
        }

        yield return """
            mixed:
              zeta: 9007199254740993
              Alpha: -1
              alpha: 1.5
              beta: 1e3
              gamma: 0x10
              delta: 1_000
              epsilon: 9223372036854775808
              eta: .inf
              theta: [~, null, Null, NULL, "null", '', true, True, TRUE, false, "true", yes, on]
              iota: "<script>&'\"\\\t\u00e9\u2028\U0001F600"
              kappa: plain é text with <angle> & 'quotes'
              lambda: {}
              mu: []
              nu: [[1, [2, {b: 1, a: 2}]], {}]
              "quoted key": value
              "": empty key
              ünïcode: key
            """;
        yield return "big: [1e999]";
        yield return "badkey: {[1, 2]: value}";
        yield return "deep: " + string.Concat(Enumerable.Repeat("[", 30)) + "x" + string.Concat(Enumerable.Repeat("]", 30));
    }

    [Fact]
    public void Structured_values_have_exactly_the_text_the_node_tree_gave()
    {
        var compared = 0;
        var errors = 0;
        foreach (var yaml in Corpus())
        {
            foreach (var node in Structures(yaml))
            {
                var expected = Outcome(() => Reference(node));
                var actual = Outcome(() => YamlValues.ToRawText(node));
                Assert.Equal(expected, actual);
                compared++;
                errors += expected.Error is null ? 0 : 1;
            }
        }

        // The corpus reaches the error paths too, not only well-formed values.
        Assert.True(compared > 200, $"only {compared} structured values compared");
        Assert.True(errors >= 4, $"only {errors} of them failed; the key and number errors must be reached");
    }

    [Theory]
    [InlineData("{b: 2, a: [1, 'x', null, true, 2.5]}", """{"a":[1,"x",null,true,2.5],"b":2}""")]
    [InlineData("[\"<&>\", é]", """["\u003C\u0026\u003E","\u00E9"]""")]
    [InlineData("{requests: {cpu: 50m, memory: 64Mi}}", """{"requests":{"cpu":"50m","memory":"64Mi"}}""")]
    public void A_structured_value_is_compact_json_with_sorted_keys(string yaml, string json)
    {
        var node = Assert.Single(Structures("v: " + yaml).Skip(1).Take(1));
        Assert.Equal(json, YamlValues.ToRawText(node));
    }
}
