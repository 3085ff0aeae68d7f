using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Serialization;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// The YAML every rendered file is written in: YamlDotNet's emitter, with the styles chosen here
/// (literal blocks for multi-line text, double quotes for text YAML would read as another type).
/// What it writes must read back, with YamlDotNet's parser, as exactly the JSON it was given.
/// </summary>
public sealed class YamlWriterTests
{
    private static string Write(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return YamlWriter.Write(document.RootElement);
    }

    public static TheoryData<string, string> Cases() => new()
    {
        { """{"a":"plain text","b":"it's","c":"key: value","d":" lead","e":"trail ","f":"#x","g":"a #b","h":"-x","i":"- x"}""",
          "a: plain text\nb: it's\nc: 'key: value'\nd: ' lead'\ne: 'trail '\nf: '#x'\ng: 'a #b'\nh: -x\ni: '- x'\n" },
        { """{"q":"'quoted' and \"double\"","s":"it's: here","num":"1.5","t":"true","e":""}""",
          "q: \"'quoted' and \\\"double\\\"\"\ns: \"it's: here\"\nnum: \"1.5\"\nt: \"true\"\ne: \"\"\n" },
        // A line of spaces cannot be a literal block; a space before a break can.
        { """{"lit":"line1\nline2","keep":"a\n\n","clip":"a\n","indent":"  x\ny","spaces":"a \nb","blank":"a\n  \nb"}""",
          "lit: |-\n  line1\n  line2\nkeep: |+\n  a\n\nclip: |\n  a\nindent: |2-\n    x\n  y\nspaces: |-\n  a \n  b\nblank: \"a\\n  \\nb\"\n" },
        { """{"list":[1,"two",{"k":"v","l":[]},[],{}],"empty":{},"none":null,"nested":{"x":[{"z":"w"}]}}""",
          "list:\n- 1\n- two\n- k: v\n  l: []\n- []\n- {}\nempty: {}\nnone: null\nnested:\n  x:\n  - z: w\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Special_cases_get_yamldotnets_styles(string json, string yaml)
    {
        Assert.Equal(yaml, Write(JsonNode.Parse(json)!));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("Off")]
    [InlineData("1.5")]
    [InlineData("0x1F")]
    [InlineData("1_000")]
    [InlineData("12:30:00")]
    [InlineData("~")]
    [InlineData(".inf")]
    public void Text_yaml_would_read_as_another_type_is_double_quoted(string text)
    {
        Assert.Equal($"k: \"{text}\"\n", Write(new JsonObject { ["k"] = text }));
        Assert.True(YamlWriter.LooksLikeAnotherType(text));
    }

    [Fact]
    public void Generated_trees_read_back_as_the_json_they_were_written_from()
    {
        var random = new Random(20261202);
        string[] pieces = ["a", "web", " ", "  ", "\n", "\n\n", ":", ": ", "#", " #", "-", "- ", "'", "\"", "\\", "[", "]", "{", "}", ",", "?", "? ",
            "|", ">", "*", "&", "!", "%", "@", "`", "---", "...", "é", "\u00a0", "1", "1.5", "-2", "true", "null", "~", "yes", "0x1f", "key: v", "\t", "\r"];
        string Text()
        {
            var text = new StringBuilder();
            for (var n = random.Next(0, 5); n > 0; n--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            return text.ToString();
        }

        JsonNode? Tree(int depth) => random.Next(depth >= 3 ? 3 : 6) switch
        {
            0 => JsonValue.Create(Text()),
            1 => random.Next(3) == 0 ? null : JsonValue.Create(random.Next(-5, 5)),
            2 => JsonValue.Create(random.Next(2) == 0),
            3 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => Tree(depth + 1))]),
            _ => Object(depth),
        };

        JsonObject Object(int depth)
        {
            var result = new JsonObject();
            for (var n = random.Next(0, 4); n > 0; n--)
            {
                result[Text()] = Tree(depth + 1);
            }

            return result;
        }

        for (var i = 0; i < 1000; i++)
        {
            var tree = Object(0);
            var yaml = Write(tree);
            JsonNode? back;
            try
            {
                back = CalicoAlp.Tests.Support.YamlJson.Single(yaml);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new Xunit.Sdk.XunitException($"case {i}: {tree.ToJsonString()}\n--- YAML:\n{yaml}\n{e.Message}");
            }

            Assert.True(CalicoAlp.Tests.Support.YamlJson.ReadsBackAs(tree, back), $"case {i}: {tree.ToJsonString()}\n--- YAML:\n{yaml}");
        }
    }
}
