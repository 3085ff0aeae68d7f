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

    /// <summary>The list in <paramref name="field"/>; false when it is absent, null, or (reported) not a list.</summary>
    private bool TryList(string field, string expected, out JsonElement list)
    {
        if (!element.TryGetProperty(field, out list) || list.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            reader.Error($"{path}.{field}", $"expected {expected}, got {ConfigReader.Describe(list.ValueKind)}");
            return false;
        }

        return true;
    }

    /// <summary>The string-to-string map in <paramref name="field"/>; empty when absent, with each bad entry reported.</summary>
    public ImmutableSortedDictionary<string, string> StringMap(string field)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return result.ToImmutable();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            reader.Error($"{path}.{field}", $"expected a map, got {ConfigReader.Describe(value.ValueKind)} '{ConfigReader.Abbreviate(value.GetRawText())}'");
            return result.ToImmutable();
        }

        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                reader.Error($"{path}.{field}.{entry.Name}", $"expected a string, got {ConfigReader.Describe(entry.Value.ValueKind)} '{ConfigReader.Abbreviate(entry.Value.GetRawText())}'");
            }
            else
            {
                result[entry.Name] = entry.Value.GetString()!;
            }
        }

        return result.ToImmutable();
    }

    public ImmutableArray<string> StringList(string field)
    {
        if (!TryList(field, "a list of strings", out var value))
        {
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

    public double? Number(string field)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            reader.Error($"{path}.{field}", $"expected a number, got {ConfigReader.Describe(value.ValueKind)} '{value.GetRawText()}'");
            return null;
        }

        return value.GetDouble();
    }

    public int? Int(string field, int min, int max)
    {
        if (Number(field) is not { } number)
        {
            return null;
        }

        if (number != Math.Floor(number) || number < min || number > max)
        {
            reader.Error($"{path}.{field}", $"{number} is not allowed; expected a whole number from {min} to {max}");
            return null;
        }

        return (int)number;
    }

    public bool? Bool(string field)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            reader.Error($"{path}.{field}", $"expected true or false, got {ConfigReader.Describe(value.ValueKind)} '{value.GetRawText()}'");
            return null;
        }

        return value.GetBoolean();
    }

    public ImmutableArray<int> IntList(string field)
    {
        if (!TryList(field, "a list of numbers", out var value))
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<int>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var number))
            {
                result.Add(number);
            }
            else
            {
                reader.Error($"{path}.{field}[{index}]", $"expected a whole number, got '{item.GetRawText()}'");
            }

            index++;
        }

        return result.ToImmutable();
    }

    /// <summary>Each object of a list field, checked against <paramref name="allowedFields"/>; non-objects are reported.</summary>
    public IEnumerable<JsonFields> ObjectList(string field, IReadOnlyCollection<string> allowedFields)
    {
        if (!TryList(field, "a list", out var value))
        {
            yield break;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var nested = new JsonFields(reader, item, $"{path}.{field}[{index++}]", allowedFields);
            if (nested.CheckShape())
            {
                yield return nested;
            }
        }
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
