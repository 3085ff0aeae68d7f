using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization.Metadata;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>
/// The one way typed records become JSON: camelCase unless a record names the field, nulls left
/// out, declaration order kept (<see cref="ManifestJsonContext"/>). Everything rendered or registered goes through here.
/// </summary>
public static class Canonical
{
    /// <summary>How JSON text is written out: indented or not, escaped only where JSON requires it.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>The generated contract of the records, written with the same escaping.</summary>
    private static readonly ManifestJsonContext Records = new(new JsonSerializerOptions(ManifestJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static JsonObject ToNode(object value) => JsonNode.Parse(Utf8(value).Span)!.AsObject();

    /// <summary>The same JSON as <see cref="ToNode"/>, read-only and without building a node tree.</summary>
    public static JsonDocument ToDocument(object value) => JsonDocument.Parse(Utf8(value));

    private static ReadOnlyMemory<byte> Utf8(object value)
    {
        var info = Records.GetTypeInfo(value.GetType())
            ?? throw new InvalidOperationException($"{value.GetType().Name} is not a record {nameof(ManifestJsonContext)} writes");
        return JsonSerializer.SerializeToUtf8Bytes(value, info);
    }

    public static string ToJson(JsonNode node) => node.ToJsonString(Options);

    public static string Indented(JsonNode node) => node.ToJsonString(IndentedOptions);

    private static JsonSerializerOptions IndentedOptions { get; } = new(Options) { WriteIndented = true };
}
