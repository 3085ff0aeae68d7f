using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalicoAlp.Stacks.Json;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>
/// The one way typed records become JSON: camelCase unless a record names the field, nulls left
/// out, declaration order kept (<see cref="ManifestJson"/>). Everything rendered or registered goes through here.
/// </summary>
public static class Canonical
{
    /// <summary>How JSON text is written out: indented or not, escaped only where JSON requires it.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = AsciiJsonEncoder.RelaxedEscaping,
        WriteIndented = false,
    };

    public static JsonObject ToNode(object value) => JsonNode.Parse(Utf8(value).Span)!.AsObject();

    /// <summary>The same JSON as <see cref="ToNode"/>, read-only and without building a node tree.</summary>
    public static JsonDocument ToDocument(object value) => JsonDocument.Parse(Utf8(value));

    private static ReadOnlyMemory<byte> Utf8(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = AsciiJsonEncoder.RelaxedEscaping }))
        {
            if (!ManifestJson.TryWrite(writer, value))
            {
                throw new InvalidOperationException($"{value.GetType().Name} is not a record {nameof(ManifestJson)} writes");
            }
        }

        return buffer.WrittenMemory;
    }

    public static string ToJson(JsonNode node) => node.ToJsonString(Options);

    public static string Indented(JsonNode node) => node.ToJsonString(IndentedOptions);

    private static JsonSerializerOptions IndentedOptions { get; } = new(Options) { WriteIndented = true };
}
