using System.Text;

namespace CalicoAlp.Stacks.Files;

/// <summary>
/// The committed Pulumi.yaml, read ahead of time. Scanning its YAML was a third of a whole `alp
/// render` (about 700 instructions a byte) although the file rarely changes: a Pulumi.yaml whose
/// text is exactly the committed one gets the declaration in KnownProject.Declaration.g.cs, which
/// KnownProjectTests prove equal to a fresh parse and regenerate with ALP_UPDATE_GOLDEN=1. Any
/// other text is parsed as always.
/// </summary>
/// <remarks>
/// The committed bytes are compiled in beside the declaration, not embedded as a resource: reading
/// a resource needs the Assembly object, whose reflection start-up in the native alp cost more
/// than the comparison itself. And a declaration generated from an older Pulumi.yaml then also
/// holds that older text, so it can never be taken for a newer file.
/// </remarks>
internal static partial class KnownProject
{
    /// <returns>The declaration, or null when the text is not the committed Pulumi.yaml's.</returns>
    public static ProjectDeclaration? For(string text) =>
        text.Length == CommittedLength && IsCommitted(text) ? Declaration() : null;

    /// <summary>
    /// Compared as UTF-8 bytes, the file's own form. Strict encoding, so text no file could hold (a
    /// lone surrogate) never matches.
    /// </summary>
    private static bool IsCommitted(string text)
    {
        try
        {
            return CommittedBytes.SequenceEqual(StrictUtf8.GetBytes(text));
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The compiled-in Pulumi.yaml, decoded as a stack file is (strict UTF-8, a byte-order mark kept as a character).</summary>
    public static string CommittedText() => StrictUtf8.GetString(CommittedBytes);
}
