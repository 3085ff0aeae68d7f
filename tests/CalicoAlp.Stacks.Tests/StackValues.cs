using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;

namespace CalicoAlp.Stacks.Tests;

/// <summary>Raw config as the Pulumi engine would hand it to the program.</summary>
internal static class StackValues
{
    /// <summary>Later values win, as a stack value wins over a default.</summary>
    public static RawConfig Raw(params (string Key, string Value)[] values)
    {
        var merged = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            merged[ConfigCatalog.Qualified(key)] = new RawValue(value);
        }

        return RawConfig.Create("test", merged);
    }

    public static RawConfig NonProduction(params (string Key, string Value)[] values) =>
        Raw([("environment", "non-production"), .. values]);

    public static LoadResult Load(params (string Key, string Value)[] values) => SettingsLoader.Load(NonProduction(values));

    /// <summary>As <see cref="Load"/>, with end-of-life dates judged on <paramref name="today"/>.</summary>
    public static LoadResult LoadOn(DateOnly today, params (string Key, string Value)[] values) => SettingsLoader.Load(NonProduction(values), today);
}
