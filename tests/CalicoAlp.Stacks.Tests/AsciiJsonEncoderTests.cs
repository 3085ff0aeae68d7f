using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CalicoAlp.Stacks.Json;

namespace CalicoAlp.Stacks.Tests;

/// <summary>
/// <see cref="AsciiJsonEncoder"/> must write exactly what the encoder it stands in for writes: every
/// ASCII character alone and among others, and text with anything else in it (handed over whole).
/// </summary>
public sealed class AsciiJsonEncoderTests
{
    public static TheoryData<string> Encoders => ["default", "relaxed"];

    private static AsciiJsonEncoder Of(string name) => name == "relaxed" ? AsciiJsonEncoder.RelaxedEscaping : AsciiJsonEncoder.DefaultEscaping;

    private static readonly string[] Texts =
    [
        "",
        "plain-ascii_text.0123",
        "a \"quoted\" back\\slash\n\t\r\b\f",
        "<script>alert('x' + `y` & 1)</script>",
        "\u0000\u0001\u001F\u007F",
        "caf\u00E9 \u65E5\u672C \u2028 \u00A0",
        "emoji \U0001F600 after",
        "ascii first \" then \u00E9",
        "\u00E9 first then \"",
    ];

    /// <summary>The text through every writer path: a property name and a value, each as UTF-16 and as UTF-8.</summary>
    private static string Written(JavaScriptEncoder encoder, string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString(text, text);
            writer.WriteString(Encoding.UTF8.GetBytes(text + "!"), Encoding.UTF8.GetBytes(text + "?"));
            writer.WritePropertyName("list");
            writer.WriteStartArray();
            writer.WriteStringValue(text.AsSpan());
            writer.WriteStringValue(Encoding.UTF8.GetBytes(text));
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Every_ascii_character_is_written_as_the_real_encoder_writes_it(string name)
    {
        var encoder = Of(name);
        var escaped = 0;
        for (var c = (char)0; c < 0x80; c++)
        {
            var text = $"a{c}b";
            Assert.Equal(Written(encoder.Equivalent, text), Written(encoder, text));
            Assert.Equal(encoder.Equivalent.WillEncode(c), encoder.WillEncode(c));
            escaped += encoder.WillEncode(c) ? 1 : 0;
        }

        // The two differ where they should: the default escapes HTML-sensitive characters too.
        Assert.Equal(name == "relaxed" ? 35 : 41, escaped);
        var all = new string([.. Enumerable.Range(0, 0x80).Select(i => (char)i)]);
        Assert.Equal(Written(encoder.Equivalent, all), Written(encoder, all));
    }

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Text_with_other_characters_is_written_as_the_real_encoder_writes_it(string name)
    {
        var encoder = Of(name);
        foreach (var text in Texts)
        {
            Assert.Equal(Written(encoder.Equivalent, text), Written(encoder, text));
            var utf8 = Encoding.UTF8.GetBytes(text);
            Assert.Equal(encoder.Equivalent.FindFirstCharacterToEncodeUtf8(utf8), encoder.FindFirstCharacterToEncodeUtf8(utf8));
            Assert.Equal(encoder.Equivalent.Encode(text), encoder.Encode(text));
        }

        Assert.Equal(encoder.Equivalent.MaxOutputCharactersPerInputCharacter, encoder.MaxOutputCharactersPerInputCharacter);
    }

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Every_scalar_value_is_escaped_or_not_as_the_real_encoder_decides(string name)
    {
        var encoder = Of(name);
        for (var scalar = 0; scalar <= 0x10FFFF; scalar += scalar < 0x10000 ? 1 : 0x101)
        {
            if (scalar is < 0xD800 or > 0xDFFF)
            {
                Assert.Equal(encoder.Equivalent.WillEncode(scalar), encoder.WillEncode(scalar));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Encoders))]
    public void A_lone_surrogate_is_refused_as_the_real_encoder_refuses_it(string name)
    {
        var encoder = Of(name);
        var expected = Record.Exception(() => Written(encoder.Equivalent, "a\uD800b"));
        var actual = Record.Exception(() => Written(encoder, "a\uD800b"));
        Assert.Equal(expected?.GetType(), actual?.GetType());
    }

    [Fact]
    public void A_destination_too_small_is_reported_not_overrun()
    {
        var destination = new char[5];
        Assert.Equal(System.Buffers.OperationStatus.DestinationTooSmall, AsciiJsonEncoder.RelaxedEscaping.Encode("ab\ncd", destination, out var consumed, out var written));
        Assert.Equal((4, 5), (consumed, written));
        Assert.Equal("ab\\nc", new string(destination, 0, written));
    }
}
