using System.Globalization;

namespace CalicoAlp.Stacks.Validation;

/// <summary>
/// The first character of a text outside printable ASCII, named by code point: label keys and
/// values, HTTP methods and request paths on the wire are ASCII, so a look-alike letter (a
/// Cyrillic 'Е' in GET) or an invisible one (a zero-width space) makes a rule that never matches.
/// </summary>
public static class AsciiText
{
    /// <summary>Null when every character is printable ASCII (ASCII white space only where <paramref name="spaces"/>); otherwise which one is not, and where.</summary>
    public static string? FirstOutside(string text, bool spaces)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var space = c is ' ' or '\t' or '\n' or '\r';
            if (space ? !spaces : c is > '~' or < ' ')
            {
                var code = char.IsSurrogatePair(text, i) ? char.ConvertToUtf32(text, i) : c;
                return string.Create(CultureInfo.InvariantCulture, $"U+{code:X4} at position {i + 1}");
            }
        }

        return null;
    }
}
