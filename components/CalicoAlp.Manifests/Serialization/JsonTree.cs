using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalicoAlp.Stacks.Json;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>
/// A JSON tree built by writing it, then reading it back. A tree built node by node wraps each
/// string or boolean with one of System.Text.Json's converters, and the first converter ever
/// constructed looks up its assembly by reflection: about a third of a million instructions of
/// the native alp's start-up, for a few Helm values. A tree read from text holds its leaves as
/// parsed JSON and needs no converter; it reads, writes and compares like any other.
/// </summary>
internal static class JsonTree
{
    /// <param name="writeProperties">Writes the object's properties, in their order, between its braces.</param>
    public static JsonObject Object(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = AsciiJsonEncoder.RelaxedEscaping }))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }
}
