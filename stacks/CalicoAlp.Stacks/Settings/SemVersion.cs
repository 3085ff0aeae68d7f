using System.Globalization;
using System.Text.RegularExpressions;

namespace CalicoAlp.Stacks.Settings;

/// <summary>A release version: major.minor with an optional patch, compared numerically.</summary>
public readonly partial record struct SemVersion(int Major, int Minor, int Patch) : IComparable<SemVersion>
{
    [GeneratedRegex(@"\Av?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static SemVersion? TryParse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        static int Part(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        return new SemVersion(Part(match.Groups[1]), Part(match.Groups[2]), Part(match.Groups[3]));
    }

    public static SemVersion Parse(string text) =>
        TryParse(text) ?? throw new FormatException($"'{text}' is not a version");

    public int CompareTo(SemVersion other) =>
        (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));

    public static bool operator <(SemVersion a, SemVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(SemVersion a, SemVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(SemVersion a, SemVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(SemVersion a, SemVersion b) => a.CompareTo(b) >= 0;

    public string MinorText => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
