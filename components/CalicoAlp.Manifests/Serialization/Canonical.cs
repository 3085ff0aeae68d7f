using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

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
        // Source-generated type info for the runtime type: no reflection, so the native alp can do it.
        JsonSerializer.SerializeToNode(value, Options.GetTypeInfo(value!.GetType())) as JsonObject
            ?? throw new InvalidOperationException($"{typeof(T).Name} did not serialize to an object");

    /// <summary>The same JSON as <see cref="ToNode"/>, read-only and without building a node tree.</summary>
    public static JsonDocument ToDocument(object value) =>
        JsonSerializer.SerializeToDocument(value, Options.GetTypeInfo(value.GetType()));

    public static string ToJson(JsonNode node) => node.ToJsonString(Options);

    public static string Indented(JsonNode node) => node.ToJsonString(IndentedOptions);

    private static JsonSerializerOptions IndentedOptions { get; } = new(Options) { WriteIndented = true };
}
