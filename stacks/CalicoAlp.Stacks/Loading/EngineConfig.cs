using System.Collections.Immutable;
using System.Text.Json;
using CalicoAlp.Stacks.Config;

namespace CalicoAlp.Stacks.Loading;

/// <summary>
/// The whole stack config as the Pulumi language host hands it to the program: the JSON object in
/// PULUMI_CONFIG (every value a string; structured values as JSON text) and the secret keys in
/// PULUMI_CONFIG_SECRET_KEYS. Reading all of it, rather than asking for known keys one by one,
/// is what lets `pulumi up` refuse an unknown or misspelt key exactly as `alp check` does.
/// Secret values are replaced by a marker here: the loader only learns that they are set.
/// </summary>
public static class EngineConfig
{
    public const string ConfigVariable = "PULUMI_CONFIG";
    public const string SecretKeysVariable = "PULUMI_CONFIG_SECRET_KEYS";

    public static RawConfig Parse(string stackName, string? configJson, string? secretKeysJson)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(secretKeysJson))
        {
            using var keys = JsonDocument.Parse(secretKeysJson);
            foreach (var key in keys.RootElement.EnumerateArray())
            {
                secrets.Add(CleanKey(key.GetString() ?? string.Empty));
            }
        }

        var values = ImmutableSortedDictionary.CreateBuilder<string, RawValue>(StringComparer.Ordinal);
        var secretTexts = ImmutableArray.CreateBuilder<SecretText>();
        if (!string.IsNullOrEmpty(configJson))
        {
            using var config = JsonDocument.Parse(configJson);
            foreach (var property in config.RootElement.EnumerateObject())
            {
                var key = CleanKey(property.Name);
                if (secrets.Contains(key))
                {
                    values[key] = RawValue.Secret();
                    secretTexts.Add(new SecretText(key, Text(property.Value)));
                }
                else
                {
                    values[key] = new RawValue(Text(property.Value));
                }
            }
        }

        return new RawConfig(stackName, values.ToImmutable(), secretTexts.ToImmutable());
    }

    /// <summary>The language host sends strings; anything else is taken as its JSON text, as the SDK does.</summary>
    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary>Older language hosts spell keys "project:config:key"; the SDK drops the ":config" and so do we.</summary>
    private static string CleanKey(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && key.AsSpan(colon + 1).StartsWith("config:", StringComparison.Ordinal)
            ? string.Concat(key.AsSpan(0, colon + 1), key.AsSpan(colon + 1 + "config:".Length))
            : key;
    }
}
