namespace CalicoAlp.Stacks.Config;

/// <summary>
/// Keys outside the project's namespace belong to providers and the engine (kubernetes:,
/// pulumi:), and are not ours to judge, except when the namespace is a near miss of ours:
/// such a key is a misspelt setting that would otherwise be ignored without a word, turning
/// ALP off for every workload it was meant to enrol.
/// </summary>
public static class ConfigNamespaces
{
    /// <summary>Why a key outside the project's namespace is refused, or null when it is some other namespace's business.</summary>
    public static string? Problem(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return $"a config key needs a namespace; expected {ConfigCatalog.Qualified(colon == 0 ? key[1..] : key)}";
        }

        var ns = key[..colon];
        var name = key[(colon + 1)..];
        return IsNearMiss(ns)
            ? $"unknown config namespace '{ns}' (did you mean '{ConfigCatalog.Qualified(name)}'?); a misspelt namespace would leave the setting unused"
            : null;
    }

    /// <summary>Same letters in another case or separator (Calico-Alp, calico_alp, calicoalp), or one or two typos (calcio-alp).</summary>
    public static bool IsNearMiss(string ns)
    {
        if (ns == ConfigCatalog.ProjectName)
        {
            return false;
        }

        static string Letters(string s) => new([.. s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
        return Letters(ns) == Letters(ConfigCatalog.ProjectName)
            || Validation.Suggestions.Closest(ns, [ConfigCatalog.ProjectName]) is not null;
    }
}
