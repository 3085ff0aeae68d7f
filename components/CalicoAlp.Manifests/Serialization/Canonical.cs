using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>
/// The one way typed records become JSON: camelCase unless a record names the field, nulls left
/// out, declaration order kept. Everything rendered or registered goes through here.
/// </summary>
public static class Canonical
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
        TypeInfoResolver = ManifestJsonContext.Default,
    };

    public static JsonObject ToNode<T>(T value) =>
        JsonSerializer.SerializeToNode(value, TypeInfo(value!.GetType())) as JsonObject
            ?? throw new InvalidOperationException($"{typeof(T).Name} did not serialize to an object");

    /// <summary>The same JSON as <see cref="ToNode"/>, read-only and without building a node tree.</summary>
    public static JsonDocument ToDocument(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!ManifestJsonContext.Default.TryWriteRoot(writer, value))
            {
                JsonSerializer.Serialize(writer, value, TypeInfo(value.GetType()));
            }
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    /// <summary>
    /// The source-generated serializer for the runtime type, under the context's own options, so it
    /// takes the generated fast path: no reflection (the native alp has none to spare) and no metadata
    /// to configure per type. Escaping does not matter here, as a node or document holds the text
    /// unescaped; <see cref="Options"/> escapes whatever is written out as text.
    /// </summary>
    private static JsonTypeInfo TypeInfo(Type type) =>
        ManifestJsonContext.Default.GetTypeInfo(type)
            ?? throw new InvalidOperationException($"{type.Name} is not in {nameof(ManifestJsonContext)}");

    public static string ToJson(JsonNode node) => node.ToJsonString(Options);

    public static string Indented(JsonNode node) => node.ToJsonString(IndentedOptions);

    private static JsonSerializerOptions IndentedOptions { get; } = new(Options) { WriteIndented = true };
}
