using System.Buffers;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>
/// Writes a JSON tree as exactly the YAML that YamlDotNet's emitter writes for it under <see
/// cref="YamlWriter"/>'s settings, for the text rendering meets: printable characters and '\n'.
/// It follows that emitter's rules (scalar analysis, style selection, indentation and line state)
/// without its event queue and per-character look-ahead, which were a fifth of a whole `alp
/// render`. Anything outside those rules (other control characters or line breaks, surrogates,
/// keys too long or multi-line for a simple key) is declined, and YamlWriter hands the tree to
/// YamlDotNet itself. YamlWriterTests compare the two on every stack's render and on generated trees.
/// </summary>
internal sealed class BlockYamlEmitter
{
    private const int BestIndent = 2;
    private const int MaxSimpleKeyLength = 1024;

    private readonly StringBuilder _output = new();
    private readonly Stack<int> _indents = new();
    private int _indent = -1;
    private int _column;
    private bool _isWhitespace = true;
    private bool _isIndentation = true;

    private BlockYamlEmitter()
    {
    }

    /// <returns>The YAML, or null when the tree holds text these rules do not cover.</returns>
    public static string? TryWrite(JsonElement root)
    {
        var emitter = new BlockYamlEmitter();
        if (!emitter.Node(root, isMappingContext: false, isSimpleKey: false))
        {
            return null;
        }

        // The implicit document end.
        emitter.WriteIndent();
        return emitter._output.ToString();
    }

    private bool Node(JsonElement element, bool isMappingContext, bool isSimpleKey) => element.ValueKind switch
    {
        JsonValueKind.Object when !element.EnumerateObject().MoveNext() => EmptyFlow("{", "}"),
        JsonValueKind.Object => BlockMapping(element),
        JsonValueKind.Array when element.GetArrayLength() == 0 => EmptyFlow("[", "]"),
        JsonValueKind.Array => BlockSequence(element, isMappingContext),
        JsonValueKind.String => Text(element.GetString()!, isSimpleKey),
        JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => Scalar(element.GetRawText(), ScalarStyle.Plain, isSimpleKey),
        _ => Scalar("null", ScalarStyle.Plain, isSimpleKey),
    };

    private bool EmptyFlow(string open, string close)
    {
        WriteIndicator(open, needWhitespace: true, whitespace: true, indentation: false);
        WriteIndicator(close, needWhitespace: false, whitespace: false, indentation: false);
        return true;
    }

    private bool BlockMapping(JsonElement mapping)
    {
        IncreaseIndent(isFlow: false, isIndentless: false);
        foreach (var property in mapping.EnumerateObject())
        {
            // Only simple keys ("key:"); a complex one ("? key") is YamlDotNet's to write.
            if (property.Name.Length > MaxSimpleKeyLength || property.Name.Contains('\n', StringComparison.Ordinal))
            {
                return false;
            }

            WriteIndent();
            if (!Text(property.Name, isSimpleKey: true))
            {
                return false;
            }

            WriteIndicator(":", needWhitespace: false, whitespace: false, indentation: false);
            if (!Node(property.Value, isMappingContext: true, isSimpleKey: false))
            {
                return false;
            }
        }

        _indent = _indents.Pop();
        return true;
    }

    private bool BlockSequence(JsonElement sequence, bool isMappingContext)
    {
        // A list that is a mapping's value is not indented further (YamlDotNet's indentSequences off).
        IncreaseIndent(isFlow: false, isIndentless: isMappingContext && !_isIndentation);
        foreach (var item in sequence.EnumerateArray())
        {
            WriteIndent();
            WriteIndicator("-", needWhitespace: true, whitespace: false, indentation: true);
            if (!Node(item, isMappingContext: false, isSimpleKey: false))
            {
                return false;
            }
        }

        _indent = _indents.Pop();
        return true;
    }

    /// <summary>A string, in the style YamlWriter asks for (see <see cref="YamlWriter.RequestedStyle"/>).</summary>
    private bool Text(string text, bool isSimpleKey) => Scalar(text, YamlWriter.RequestedStyle(text), isSimpleKey);

    private bool Scalar(string value, ScalarStyle requested, bool isSimpleKey)
    {
        if (ScalarFacts.Of(value) is not { } facts)
        {
            return false;
        }

        var style = Select(requested, facts, value, isSimpleKey);
        IncreaseIndent(isFlow: true, isIndentless: false);
        switch (style)
        {
            case ScalarStyle.Plain:
                WritePlain(value);
                break;
            case ScalarStyle.SingleQuoted:
                WriteSingleQuoted(value);
                break;
            case ScalarStyle.DoubleQuoted:
                WriteDoubleQuoted(value);
                break;
            case ScalarStyle.Literal:
                WriteLiteral(value);
                break;
            default:
                return false;
        }

        _indent = _indents.Pop();
        return true;
    }

    /// <summary>YamlDotNet's SelectScalarStyle in block context, for untagged, implicit scalars.</summary>
    private static ScalarStyle Select(ScalarStyle style, ScalarFacts facts, string value, bool isSimpleKey)
    {
        if (style == ScalarStyle.Any)
        {
            style = facts.IsMultiline ? ScalarStyle.Folded : ScalarStyle.Plain;
        }

        if (isSimpleKey && facts.IsMultiline)
        {
            style = ScalarStyle.DoubleQuoted;
        }

        if (style == ScalarStyle.Plain)
        {
            if (!facts.IsBlockPlainAllowed)
            {
                style = facts.IsSingleQuotedAllowed && !facts.HasSingleQuotes ? ScalarStyle.SingleQuoted : ScalarStyle.DoubleQuoted;
            }

            if (value.Length == 0 && isSimpleKey)
            {
                style = ScalarStyle.SingleQuoted;
            }
        }

        if (style == ScalarStyle.SingleQuoted && !facts.IsSingleQuotedAllowed)
        {
            style = ScalarStyle.DoubleQuoted;
        }

        if (style is ScalarStyle.Literal or ScalarStyle.Folded && (!facts.IsBlockAllowed || isSimpleKey))
        {
            style = ScalarStyle.DoubleQuoted;
        }

        return style;
    }

    private void WritePlain(string value)
    {
        if (!_isWhitespace)
        {
            Write(' ');
        }

        Write(value);
        _isWhitespace = false;
        _isIndentation = false;
    }

    private void WriteSingleQuoted(string value)
    {
        WriteIndicator("'", needWhitespace: true, whitespace: false, indentation: false);
        Write(value.Replace("'", "''", StringComparison.Ordinal));
        WriteIndicator("'", needWhitespace: false, whitespace: false, indentation: false);
        _isWhitespace = false;
        _isIndentation = false;
    }

    private void WriteDoubleQuoted(string value)
    {
        WriteIndicator("\"", needWhitespace: true, whitespace: false, indentation: false);
        foreach (var c in value)
        {
            Write(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                _ => null,
            } ?? c.ToString());
        }

        WriteIndicator("\"", needWhitespace: false, whitespace: false, indentation: false);
        _isWhitespace = false;
        _isIndentation = false;
    }

    private void WriteLiteral(string value)
    {
        WriteIndicator("|", needWhitespace: true, whitespace: false, indentation: false);
        if (value[0] is ' ' or '\n')
        {
            WriteIndicator("2", needWhitespace: false, whitespace: false, indentation: false);
        }

        var chomp = value[^1] != '\n' ? "-" : value.Length >= 2 && value[^2] == '\n' ? "+" : null;
        if (chomp is not null)
        {
            WriteIndicator(chomp, needWhitespace: false, whitespace: false, indentation: false);
        }

        WriteBreak();
        _isIndentation = true;
        _isWhitespace = true;
        var previousBreak = true;
        foreach (var c in value)
        {
            if (c == '\n')
            {
                WriteBreak();
                _isIndentation = true;
                previousBreak = true;
            }
            else
            {
                if (previousBreak)
                {
                    WriteIndent();
                }

                Write(c);
                _isIndentation = false;
                previousBreak = false;
            }
        }
    }

    private void IncreaseIndent(bool isFlow, bool isIndentless)
    {
        _indents.Push(_indent);
        if (_indent < 0)
        {
            _indent = isFlow ? BestIndent : 0;
        }
        else if (!isIndentless)
        {
            _indent += BestIndent;
        }
    }

    private void WriteIndent()
    {
        var current = Math.Max(_indent, 0);
        if (!_isIndentation || _column > current || (_column == current && !_isWhitespace))
        {
            WriteBreak();
        }

        while (_column < current)
        {
            Write(' ');
        }

        _isWhitespace = true;
        _isIndentation = true;
    }

    private void WriteIndicator(string indicator, bool needWhitespace, bool whitespace, bool indentation)
    {
        if (needWhitespace && !_isWhitespace)
        {
            Write(' ');
        }

        Write(indicator);
        _isWhitespace = whitespace;
        _isIndentation &= indentation;
    }

    private void Write(char c)
    {
        _output.Append(c);
        _column++;
    }

    private void Write(string text)
    {
        _output.Append(text);
        _column += text.Length;
    }

    private void WriteBreak()
    {
        _output.Append('\n');
        _column = 0;
    }

    /// <summary>What YamlDotNet's AnalyzeScalar finds in a value, for the characters these rules cover.</summary>
    private readonly record struct ScalarFacts(bool IsMultiline, bool IsBlockPlainAllowed, bool IsSingleQuotedAllowed, bool IsBlockAllowed, bool HasSingleQuotes)
    {
        /// <returns>The facts, or null for a character outside the covered set: printable, not a surrogate, no line break but '\n'.</returns>
        public static ScalarFacts? Of(string value)
        {
            // Most names, kinds, API groups and paths: letters, digits and . / _ - only, not leading
            // with '-' or '.' (a lone "-", or "---" and "..."). Nothing in them is an indicator, a
            // quote, white space or a break, so the walk below would end with exactly these facts.
            if (value.Length > 0 && value[0] is not ('-' or '.') && !value.AsSpan().ContainsAnyExcept(PlainWord))
            {
                return new ScalarFacts(false, true, true, true, false);
            }

            if (value.Length == 0)
            {
                // YamlDotNet's empty non-null scalar: quoted, never plain or a block.
                return new ScalarFacts(false, false, true, false, false);
            }

            // YamlDotNet also notes flow indicators; they only decide flow styles, which this emitter never writes.
            var blockIndicators = value.StartsWith("---", StringComparison.Ordinal) || value.StartsWith("...", StringComparison.Ordinal);
            bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false, leadingQuote = false;
            bool breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false, lineOfSpaces = false;
            bool lineBreaks = false, singleQuotes = false, linesOfSpaces = false;
            var precededByWhitespace = true;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (!Covered(c))
                {
                    return null;
                }

                var followedByWhitespace = i + 1 >= value.Length || value[i + 1] is ' ' or '\n';
                if (i == 0)
                {
                    if (c is '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '"' or '%' or '@' or '`' or '\'')
                    {
                        blockIndicators = true;
                        leadingQuote = c == '\'';
                        singleQuotes |= c == '\'';
                    }

                    if (c is '?' or ':')
                    {
                        blockIndicators |= followedByWhitespace;
                    }

                    if (c == '-' && followedByWhitespace)
                    {
                        blockIndicators = true;
                    }
                }
                else
                {
                    if (c == ':')
                    {
                        blockIndicators |= followedByWhitespace;
                    }

                    if (c == '#' && precededByWhitespace)
                    {
                        blockIndicators = true;
                    }

                    singleQuotes |= c == '\'';
                }

                var last = i == value.Length - 1;
                if (c == ' ')
                {
                    leadingSpace |= i == 0;
                    trailingSpace |= last;
                    if (previousBreak)
                    {
                        breakSpace = true;
                        lineOfSpaces = true;
                    }

                    previousSpace = true;
                    previousBreak = false;
                }
                else if (c == '\n')
                {
                    lineBreaks = true;
                    leadingBreak |= i == 0;
                    trailingBreak |= last;
                    spaceBreak |= previousSpace;
                    linesOfSpaces |= lineOfSpaces;
                    previousSpace = false;
                    previousBreak = true;
                }
                else
                {
                    previousSpace = false;
                    previousBreak = false;
                    lineOfSpaces = false;
                }

                precededByWhitespace = c is ' ' or '\n';
            }

            bool blockPlain = true, single = true, block = true;
            if (leadingSpace || leadingBreak || trailingSpace || trailingBreak || leadingQuote)
            {
                blockPlain = false;
            }

            if (trailingSpace || linesOfSpaces)
            {
                block = false;
            }

            if (breakSpace || spaceBreak)
            {
                blockPlain = false;
                single = false;
            }

            if (lineBreaks || blockIndicators)
            {
                blockPlain = false;
            }

            return new ScalarFacts(lineBreaks, blockPlain, single, block, singleQuotes);
        }

        private static readonly SearchValues<char> PlainWord = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./_-");

        /// <summary>Printable to YamlDotNet (so never escaped, never "special"), and no break or white space but ' ' and '\n' (U+2028 and U+2029 are breaks to it).</summary>
        private static bool Covered(char c) =>
            c == '\n' || c is >= ' ' and <= '~' || (c is >= '\u00a0' and <= '\ud7ff' && c is not ('\u2028' or '\u2029')) || c is >= '\ue000' and <= '\ufffd';
    }
}
