using System.Collections.Immutable;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Stacks.Validation;
using CalicoAlp.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CalicoAlp.Stacks.Tests;

/// <summary>
/// A structured config value's text, as the Pulumi engine puts it in PULUMI_CONFIG: compact JSON,
/// keys sorted, plain scalars typed by YAML's core schema and quoted ones kept as strings. The
/// loader and every golden render read it.
/// </summary>
public sealed class YamlValuesTests
{
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

    [Theory]
    [InlineData("{b: 2, a: [1, 'x', null, true, 2.5]}", """{"a":[1,"x",null,true,2.5],"b":2}""")]
    [InlineData("[\"<&>\", é]", """["\u003C\u0026\u003E","\u00E9"]""")]
    [InlineData("{requests: {cpu: 50m, memory: 64Mi}}", """{"requests":{"cpu":"50m","memory":"64Mi"}}""")]
    [InlineData("{zeta: 9007199254740993, Alpha: -1, alpha: 1.5, beta: 1e3, epsilon: 9223372036854775808, eta: .inf}",
        """{"Alpha":-1,"alpha":1.5,"beta":1000,"epsilon":9.223372036854776E+18,"eta":".inf","zeta":9007199254740993}""")]
    [InlineData("[~, null, Null, NULL, \"null\", '', true, True, TRUE, false, \"true\", yes, on]",
        """[null,null,null,null,"null","",true,true,true,false,"true","yes","on"]""")]
    [InlineData("{\"quoted key\": v, \"\": empty, ünï: k, lambda: {}, mu: [], nu: [[1, [2, {b: 1, a: 2}]], {}]}",
        """{"":"empty","lambda":{},"mu":[],"nu":[[1,[2,{"a":2,"b":1}]],{}],"quoted key":"v","\u00FCn\u00EF":"k"}""")]
    public void A_structured_value_is_compact_json_with_sorted_keys(string yaml, string json)
    {
        var node = Assert.Single(Structures("v: " + yaml).Skip(1).Take(1));
        Assert.Equal(json, YamlValues.ToRawText(node));
    }

    [Theory]
    [InlineData("[1e999]", "line 1: '1e999' is too large for a number; quote it if it is meant as text")]
    public void A_value_the_engine_could_not_pass_on_is_an_error(string yaml, string message)
    {
        var node = Assert.Single(Structures("v: " + yaml).Skip(1).Take(1));
        var (text, error) = Outcome(() => YamlValues.ToRawText(node));
        Assert.Null(text);
        Assert.EndsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_is_not_a_string_is_an_error_even_where_the_reader_let_it_through()
    {
        var node = new YamlMappingNode(new YamlSequenceNode(new YamlScalarNode("1")), new YamlScalarNode("value"));
        Assert.Equal((null, "mapping keys must be plain strings"), Outcome(() => YamlValues.ToRawText(node)));
    }
}
