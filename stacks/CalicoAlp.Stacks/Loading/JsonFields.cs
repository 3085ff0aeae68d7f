using System.Collections.Immutable;
using System.Text.Json;

namespace CalicoAlp.Stacks.Loading;

/// <summary>Typed field access on one JSON object of a structured config value, reporting by key path.</summary>
internal sealed class JsonFields(ConfigReader reader, JsonElement element, string path, IReadOnlyCollection<string> allowed)
{
    public string Path => path;

    public bool CheckShape()
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            reader.Error(path, $"expected an object, got {ConfigReader.Describe(element.ValueKind)}");
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                reader.Error($"{path}.{property.Name}",
                    $"unknown field; allowed: {string.Join(", ", allowed)}{Validation.Suggestions.Hint(property.Name, allowed)}");
            }
        }

        return true;
    }

    public bool Has(string field) => element.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null;

    public string? String(string field, bool required = false)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                reader.Error($"{path}.{field}", "missing; this field is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            reader.Error($"{path}.{field}", $"expected a string, got {ConfigReader.Describe(value.ValueKind)} '{value.GetRawText()}'");
            return null;
        }

        return value.GetString();
    }

    public T? Enum<T>(string field, ImmutableArray<(string Text, T Value)> table)
        where T : struct, System.Enum =>
        String(field) is { } text ? reader.EnumValue(text, table, $"{path}.{field}", () => { }) : null;

    public ImmutableArray<string> StringList(string field)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            reader.Error($"{path}.{field}", $"expected a list of strings, got {ConfigReader.Describe(value.ValueKind)}");
            return [];
        }

        var result = ImmutableArray.CreateBuilder<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                result.Add(item.GetString()!);
            }
            else
            {
                reader.Error($"{path}.{field}[{index}]", $"expected a string, got {ConfigReader.Describe(item.ValueKind)} '{item.GetRawText()}'");
            }

            index++;
        }

        return result.ToImmutable();
    }

    public JsonFields? Object(string field, IReadOnlyCollection<string> allowedFields)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var nested = new JsonFields(reader, value, $"{path}.{field}", allowedFields);
        return nested.CheckShape() ? nested : null;
    }
}
