using System.Text;

namespace CalicoAlp.Stacks.Files;

/// <summary>
/// The committed Pulumi.yaml, read ahead of time. Scanning its YAML was a third of a whole `alp
/// render` (about 700 instructions a byte) although the file rarely changes: a Pulumi.yaml whose
/// text is exactly the committed one (embedded in this assembly at build time) gets the declaration
/// in KnownProject.Declaration.g.cs, which KnownProjectTests prove equal to a fresh parse and
/// regenerate with ALP_UPDATE_GOLDEN=1. Any other text is parsed as always.
/// </summary>
internal static partial class KnownProject
{
    private const string ResourceName = "CalicoAlp.Stacks.Pulumi.yaml";

    /// <returns>The declaration, or null when the text is not the committed Pulumi.yaml's.</returns>
    public static ProjectDeclaration? For(string text) =>
        text.Length == CommittedLength && IsCommitted(text) ? Declaration() : null;

    /// <summary>
    /// Compared as UTF-8 bytes, the embedded file's own form, so the file is never decoded into a
    /// second string. Strict encoding, so text no file could hold (a lone surrogate) never matches.
    /// </summary>
    private static bool IsCommitted(string text)
    {
        using var stream = typeof(KnownProject).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            return false;
        }

        var committed = new byte[stream.Length];
        stream.ReadExactly(committed);
        try
        {
            return committed.AsSpan().SequenceEqual(StrictUtf8.GetBytes(text));
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The embedded Pulumi.yaml, decoded as a stack file is (strict UTF-8, a byte-order mark kept as a character).</summary>
    public static string? CommittedText()
    {
        using var stream = typeof(KnownProject).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: false);
        return reader.ReadToEnd();
    }
}
