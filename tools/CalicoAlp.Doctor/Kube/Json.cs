using System.Text.Json;

namespace CalicoAlp.Doctor.Kube;

/// <summary>
/// Paths into an API object as kubectl's jsonpath would take them: a missing field, or one of
/// another JSON type, is absent rather than an error, because the API leaves empty fields out.
/// </summary>
internal static class Json
{
    public static JsonElement? Get(JsonElement element, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element;
    }

    public static string? Text(JsonElement element, params ReadOnlySpan<string> path) =>
        Get(element, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static int Number(JsonElement element, params ReadOnlySpan<string> path) =>
        Get(element, path) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : 0;

    public static IEnumerable<JsonElement> Array(JsonElement element, params ReadOnlySpan<string> path) =>
        Get(element, path) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : [];

    /// <summary>The items of a List answer.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement list) => Array(list, "items");

    public static string Name(JsonElement item) => Text(item, "metadata", "name") ?? string.Empty;
}
