namespace CalicoAlp.Stacks.Validation;

/// <summary>
/// One problem with a stack's config. <see cref="Key"/> is the key path as a user would type it
/// (<c>calico-alp:namespaces[1].enrolment</c>, or a file name for file-level problems).
/// </summary>
public sealed record ConfigError(string Key, string Message)
{
    /// <summary>One line, whatever the values in it hold: control characters and line separators are escaped, never sent to a terminal raw.</summary>
    public override string ToString() => Escape($"{Key}: {Message}");

    public static string Escape(string text)
    {
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when NeedsEscape(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>
    /// Control characters, line separators and format characters (bidirectional overrides such as
    /// U+202E, zero-width characters): printed raw they reorder or hide what a terminal shows.
    /// </summary>
    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;
}
