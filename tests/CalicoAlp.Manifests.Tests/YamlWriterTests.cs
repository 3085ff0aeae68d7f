using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Serialization;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// BlockYamlEmitter must write byte for byte what YamlDotNet's emitter writes, or decline: on
/// every object every test stack renders, and on generated trees full of YAML's special cases.
/// </summary>
public sealed class YamlWriterTests
{
    private static string? Fast(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return BlockYamlEmitter.TryWrite(document.RootElement);
    }

    private static string Reference(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return YamlWriter.WithYamlDotNet(document.RootElement);
    }

    [Theory]
    [MemberData(nameof(TestStacks.All), MemberType = typeof(TestStacks))]
    public void Every_rendered_object_is_written_as_yamldotnet_writes_it_and_none_is_declined(string stack)
    {
        var plan = TestStacks.Plan(stack);
        Assert.NotEmpty(plan.Items);
        foreach (var item in plan.Items)
        {
            using var body = Canonical.ToDocument(item.Content);
            var fast = BlockYamlEmitter.TryWrite(body.RootElement);
            Assert.True(fast is not null, $"{stack}: {item.Id} was declined");
            Assert.Equal(YamlWriter.WithYamlDotNet(body.RootElement), fast);
        }
    }

    [Fact]
    public void The_first_character_check_never_changes_what_the_ambiguity_pattern_decides()
    {
        // Every word and number shape the pattern knows, each behind every first character from
        // NUL to U+02FF and on its own: wherever the check skips the pattern, the pattern would
        // not have matched.
        string[] shapes = ["~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
            "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N", "1", "-1", "+1.5", ".5", "-.5", "1e5", "1.5E-3",
            ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "0x1F", "0o17", "1_000", "12:30:00", "1.2.3", "a", "x1", ""];
        var checkedTexts = 0;
        foreach (var shape in shapes)
        {
            for (var first = 0; first <= 0x2FF; first++)
            {
                foreach (var text in new[] { shape, (char)first + shape, (char)first + shape[Math.Min(1, shape.Length)..] })
                {
                    Assert.True(YamlWriter.Ambiguous().IsMatch(text) == YamlWriter.LooksLikeAnotherType(text), $"'{text}'");
                    checkedTexts++;
                }
            }
        }

        Assert.True(checkedTexts > 60_000);
        Assert.True(YamlWriter.LooksLikeAnotherType("yes") && !YamlWriter.LooksLikeAnotherType("yesterday"));
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
        var node = JsonNode.Parse(json)!;
        Assert.Equal(yaml, Reference(node));
        Assert.Equal(yaml, Fast(node));
    }

    [Theory]
    [InlineData("-")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("...")]
    [InlineData("...x")]
    [InlineData("---")]
    [InlineData("--x")]
    [InlineData("a-b.c/d_e")]
    [InlineData("/path")]
    [InlineData("_x")]
    [InlineData("1.5")]
    [InlineData("0x1F")]
    [InlineData("1_000")]
    [InlineData("yes")]
    [InlineData("yesterday")]
    [InlineData("v1")]
    [InlineData("networking.istio.io/v1")]
    public void Words_of_letters_digits_and_dot_slash_underscore_dash_are_written_as_yamldotnet_writes_them(string text)
    {
        // The emitter takes a shortcut for such words; as a value, an item and a key, each must
        // still come out as YamlDotNet writes it.
        var node = new JsonObject { ["value"] = text, ["items"] = new JsonArray(text, "x"), [text] = "key" };
        Assert.Equal(Reference(node), Fast(node));
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("crlf\r\n")]
    [InlineData("line\u2028separator")]
    [InlineData("bell\u0007")]
    [InlineData("emoji \ud83d\ude00")]
    public void Text_outside_the_covered_characters_is_declined_and_written_by_yamldotnet(string text)
    {
        var node = new JsonObject { ["k"] = text };
        Assert.Null(Fast(node));
        using var document = JsonDocument.Parse(node.ToJsonString());
        Assert.Equal(Reference(node), YamlWriter.Write(document.RootElement));
    }

    [Fact]
    public void A_long_or_multi_line_key_is_declined()
    {
        Assert.Null(Fast(new JsonObject { [new string('k', 1025)] = "v" }));
        Assert.Null(Fast(new JsonObject { ["two\nlines"] = "v" }));
        Assert.NotNull(Fast(new JsonObject { [new string('k', 1024)] = "v" }));
    }

    [Fact]
    public void Generated_trees_are_written_as_yamldotnet_writes_them()
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

        var written = 0;
        for (var i = 0; i < 3000; i++)
        {
            var tree = Object(0);
            if (Fast(tree) is { } fast)
            {
                written++;
                Assert.True(Reference(tree) == fast, $"case {i}: {tree.ToJsonString()}\n--- YamlDotNet:\n{Reference(tree)}--- fast:\n{fast}");
            }
        }

        // Most trees must be written, or the comparison proves little.
        Assert.True(written > 1500, $"{written} of 3000 trees written");
    }
}
