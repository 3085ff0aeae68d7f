using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Stacks.Loading;

/// <summary>
/// Reads typed values from raw config and records an error for every value it cannot read.
/// A failed read returns the key's default so that later checks still run; the recorded error
/// keeps the whole load from succeeding.
/// </summary>
internal sealed class ConfigReader(RawConfig raw)
{
    private readonly List<ConfigError> _errors = [];
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);

    public IReadOnlyList<ConfigError> Errors => _errors;

    public bool Failed(string key) => _failed.Contains(key);

    public void Error(string keyPath, string message) => _errors.Add(new ConfigError(keyPath, message));

    public void Fail(string key, string keyPath, string message)
    {
        _failed.Add(key);
        Error(keyPath, message);
    }

    public static string PathOf(string key) => ConfigCatalog.Qualified(key);

    public RawValue Raw(string key)
    {
        var spec = ConfigCatalog.Find(key) ?? throw new ArgumentException($"unknown key {key}", nameof(key));
        return raw.Values.TryGetValue(PathOf(key), out var value) ? value : new RawValue(spec.DefaultText);
    }

    public bool IsDefault(string key)
    {
        var spec = ConfigCatalog.Find(key)!;
        return !raw.Values.TryGetValue(PathOf(key), out var value) || (!value.IsSecret && value.Text == spec.DefaultText);
    }

    public string String(string key) => Raw(key).Text;

    public string? OptionalString(string key) => String(key) is { Length: > 0 } s ? s : null;

    public bool Boolean(string key)
    {
        var text = String(key);
        switch (text)
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                Fail(key, PathOf(key), $"'{text}' is not a boolean; expected true or false");
                return ConfigCatalog.Find(key)!.DefaultText == "true";
        }
    }

    public int Integer(string key, int min, int max)
    {
        var text = String(key);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Fail(key, PathOf(key), $"'{text}' is not an integer; expected a whole number from {min} to {max}");
            return int.Parse(ConfigCatalog.Find(key)!.DefaultText, CultureInfo.InvariantCulture);
        }

        if (value < min || value > max)
        {
            Fail(key, PathOf(key), $"{value} is out of range; expected a whole number from {min} to {max}");
        }

        return value;
    }

    public T Enum<T>(string key, ImmutableArray<(string Text, T Value)> table)
        where T : struct, Enum
    {
        var text = String(key);
        return EnumValue(text, table, PathOf(key), () => _failed.Add(key))
            ?? EnumValue(ConfigCatalog.Find(key)!.DefaultText, table, PathOf(key), () => { })!.Value;
    }

    public T? EnumValue<T>(string text, ImmutableArray<(string Text, T Value)> table, string keyPath, Action onFail)
        where T : struct, Enum
    {
        foreach (var (spelling, value) in table)
        {
            if (spelling == text)
            {
                return value;
            }
        }

        onFail();
        var allowed = table.Select(e => e.Text).ToArray();
        Error(keyPath, $"'{text}' is not allowed; expected one of: {string.Join(", ", allowed)}{Suggestions.Hint(text, allowed)}");
        return null;
    }

    public JsonElement? Json(string key, JsonValueKind expected)
    {
        var text = String(key);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != expected)
            {
                Fail(key, PathOf(key), $"expected {Describe(expected)}, got {Describe(document.RootElement.ValueKind)} '{Abbreviate(text)}'");
                return null;
            }

            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            Fail(key, PathOf(key), $"'{Abbreviate(text)}' is not {Describe(expected)}");
            return null;
        }
    }

    /// <summary>The items of a list-valued key, each with its key path (<c>calico-alp:key[i]</c>); nothing if the key is not a list.</summary>
    public IEnumerable<(JsonElement Element, string Path)> ListItems(string key)
    {
        if (Json(key, JsonValueKind.Array) is not { } array)
        {
            yield break;
        }

        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            yield return (element, $"{PathOf(key)}[{index++}]");
        }
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "a value",
    };

    public static string Abbreviate(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
