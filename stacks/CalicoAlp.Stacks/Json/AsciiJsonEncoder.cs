using System.Buffers;
using System.Text.Encodings.Web;

namespace CalicoAlp.Stacks.Json;

/// <summary>
/// JSON string escaping exactly as <see cref="JavaScriptEncoder.Default"/> or
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> does it, that escapes ASCII text by a
/// rule of its own (a test holds every ASCII character to theirs) and hands any other text to the
/// real encoder. Both real encoders are built in one static constructor, the relaxed one from a
/// table of every BMP code point: about a million instructions, a sixth of the native alp's whole
/// check, for text that is almost always ASCII. Through this encoder that constructor runs only
/// when a non-ASCII character is written.
/// </summary>
public sealed class AsciiJsonEncoder : JavaScriptEncoder
{
    private const int Ascii = 0x80;

    private readonly bool relaxed;

    // Printable ASCII is written as it is but for these; the searches for either are vectorized.
    private readonly SearchValues<char> specialChars;
    private readonly SearchValues<byte> specialBytes;

    private AsciiJsonEncoder(bool relaxed)
    {
        this.relaxed = relaxed;
        var special = relaxed ? "\"\\" : "\"\\&'+<>`";
        specialChars = SearchValues.Create(special);
        specialBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(special));
    }

    /// <summary>Escapes as <see cref="JavaScriptEncoder.Default"/> does: also HTML-sensitive characters, as \uXXXX.</summary>
    public static AsciiJsonEncoder DefaultEscaping { get; } = new(relaxed: false);

    /// <summary>Escapes as <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> does: only what JSON requires.</summary>
    public static AsciiJsonEncoder RelaxedEscaping { get; } = new(relaxed: true);

    /// <summary>The encoder this one matches, touched only for non-ASCII text.</summary>
    public JavaScriptEncoder Equivalent => relaxed ? UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default;

    // One \uXXXX per UTF-16 input character at most, as the real encoders declare (a test compares).
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar is >= 0 and < Ascii ? Escapes((char)unicodeScalar) : Equivalent.WillEncode(unicodeScalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) => FirstToEncode(new ReadOnlySpan<char>(text, textLength));

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var i = FirstEscaped(utf8Text);
        if (i < 0 || utf8Text[i] < Ascii)
        {
            return i;
        }

        var rest = Equivalent.FindFirstCharacterToEncodeUtf8(utf8Text[i..]);
        return rest < 0 ? -1 : i + rest;
    }

    private unsafe int FirstToEncode(ReadOnlySpan<char> text)
    {
        var i = FirstEscaped(text);
        if (i < 0 || text[i] < Ascii)
        {
            return i;
        }

        fixed (char* rest = text[i..])
        {
            var found = Equivalent.FindFirstCharacterToEncode(rest, text.Length - i);
            return found < 0 ? -1 : i + found;
        }
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (unicodeScalar is < 0 or >= Ascii)
        {
            return Equivalent.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        }

        Span<char> escaped = stackalloc char[6];
        var length = Escape((char)unicodeScalar, escaped);
        if (length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        escaped[..length].CopyTo(new Span<char>(buffer, bufferLength));
        numberOfCharactersWritten = length;
        return true;
    }

    public override OperationStatus Encode(ReadOnlySpan<char> source, Span<char> destination, out int charsConsumed, out int charsWritten, bool isFinalBlock = true)
    {
        if (source.ContainsAnyExceptInRange((char)0, (char)(Ascii - 1)))
        {
            return Equivalent.Encode(source, destination, out charsConsumed, out charsWritten, isFinalBlock);
        }

        Span<char> escaped = stackalloc char[6];
        charsConsumed = 0;
        charsWritten = 0;
        while (charsConsumed < source.Length)
        {
            // A run of plain characters at once, then the one that is escaped.
            var rest = source[charsConsumed..];
            var run = FirstEscaped(rest) is var next and >= 0 ? next : rest.Length;
            var length = run < rest.Length ? Escape(rest[run], escaped) : 0;
            if (charsWritten + run + length > destination.Length)
            {
                var fits = Math.Min(run, destination.Length - charsWritten);
                rest[..fits].CopyTo(destination[charsWritten..]);
                charsConsumed += fits;
                charsWritten += fits;
                return OperationStatus.DestinationTooSmall;
            }

            rest[..run].CopyTo(destination[charsWritten..]);
            escaped[..length].CopyTo(destination[(charsWritten + run)..]);
            charsWritten += run + length;
            charsConsumed += run + (length > 0 ? 1 : 0);
        }

        return OperationStatus.Done;
    }

    public override OperationStatus EncodeUtf8(ReadOnlySpan<byte> utf8Source, Span<byte> utf8Destination, out int bytesConsumed, out int bytesWritten, bool isFinalBlock = true)
    {
        if (utf8Source.ContainsAnyExceptInRange((byte)0, (byte)(Ascii - 1)))
        {
            return Equivalent.EncodeUtf8(utf8Source, utf8Destination, out bytesConsumed, out bytesWritten, isFinalBlock);
        }

        Span<char> escaped = stackalloc char[6];
        bytesConsumed = 0;
        bytesWritten = 0;
        while (bytesConsumed < utf8Source.Length)
        {
            var rest = utf8Source[bytesConsumed..];
            var run = FirstEscaped(rest) is var next and >= 0 ? next : rest.Length;
            var length = run < rest.Length ? Escape((char)rest[run], escaped) : 0;
            if (bytesWritten + run + length > utf8Destination.Length)
            {
                var fits = Math.Min(run, utf8Destination.Length - bytesWritten);
                rest[..fits].CopyTo(utf8Destination[bytesWritten..]);
                bytesConsumed += fits;
                bytesWritten += fits;
                return OperationStatus.DestinationTooSmall;
            }

            rest[..run].CopyTo(utf8Destination[bytesWritten..]);
            for (var i = 0; i < length; i++)
            {
                utf8Destination[bytesWritten + run + i] = (byte)escaped[i];
            }

            bytesWritten += run + length;
            bytesConsumed += run + (length > 0 ? 1 : 0);
        }

        return OperationStatus.Done;
    }

    /// <summary>
    /// Whether an ASCII character is escaped. JSON requires the control characters, the quote and
    /// the backslash; the default encoder also escapes what is unsafe in HTML: &amp; ' + &lt; &gt; and the backtick.
    /// </summary>
    private bool Escapes(char c) => c is < ' ' or > '~' || specialChars.Contains(c);

    /// <summary>The first character that is escaped or is not ASCII, or -1.</summary>
    private int FirstEscaped(ReadOnlySpan<char> text)
    {
        var outside = text.IndexOfAnyExceptInRange(' ', '~');
        var special = (outside < 0 ? text : text[..outside]).IndexOfAny(specialChars);
        return special >= 0 ? special : outside;
    }

    private int FirstEscaped(ReadOnlySpan<byte> utf8Text)
    {
        var outside = utf8Text.IndexOfAnyExceptInRange((byte)' ', (byte)'~');
        var special = (outside < 0 ? utf8Text : utf8Text[..outside]).IndexOfAny(specialBytes);
        return special >= 0 ? special : outside;
    }

    /// <summary>An ASCII character as written: itself, a two-character escape, or \u00XX with upper-case hex.</summary>
    private int Escape(char c, Span<char> into)
    {
        if (!Escapes(c))
        {
            into[0] = c;
            return 1;
        }

        char? shortForm = c switch
        {
            '\b' => 'b',
            '\t' => 't',
            '\n' => 'n',
            '\f' => 'f',
            '\r' => 'r',
            '\\' => '\\',
            '"' when relaxed => '"',
            _ => null,
        };
        into[0] = '\\';
        if (shortForm is { } letter)
        {
            into[1] = letter;
            return 2;
        }

        into[1] = 'u';
        into[2] = '0';
        into[3] = '0';
        into[4] = "0123456789ABCDEF"[c >> 4];
        into[5] = "0123456789ABCDEF"[c & 0xF];
        return 6;
    }
}
