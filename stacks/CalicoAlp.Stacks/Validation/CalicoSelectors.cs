namespace CalicoAlp.Stacks.Validation;

/// <summary>
/// Checks a Calico label selector against Calico's documented selector syntax, so an unparsable
/// selector fails `alp check` rather than the apply (or, through crd.projectcalico.org/v1, is
/// stored unchecked). Grammar: <c>all()</c>, <c>global()</c>, <c>has(k)</c>, <c>k == 'v'</c>,
/// <c>k != 'v'</c>, <c>k in {'a', 'b'}</c>, <c>k not in {...}</c>, <c>k contains 'v'</c>,
/// <c>k starts with 'v'</c>, <c>k ends with 'v'</c>, combined with <c>!</c>, <c>&amp;&amp;</c>,
/// <c>||</c> and parentheses; strings in single or double quotes.
/// </summary>
public static class CalicoSelectors
{
    /// <summary>Far below any stack limit, far above any selector a person writes.</summary>
    public const int MaxDepth = 64;

    /// <summary>Null when <paramref name="selector"/> parses; otherwise what is wrong and where.</summary>
    public static string? Problem(string selector)
    {
        var parser = new Parser(selector);
        return parser.Parse();
    }

    private sealed class Parser(string text)
    {
        private int _pos;
        private int _depth;

        public string? Parse()
        {
            SkipSpace();
            if (_pos == text.Length)
            {
                return "it is empty; use all() to select everything";
            }

            var problem = Or();
            SkipSpace();
            return problem ?? (_pos < text.Length ? Unexpected() : null);
        }

        private string? Or()
        {
            var problem = And();
            while (problem is null && Take("||"))
            {
                problem = And();
            }

            return problem;
        }

        private string? And()
        {
            var problem = Unary();
            while (problem is null && Take("&&"))
            {
                problem = Unary();
            }

            return problem;
        }

        private string? Unary()
        {
            if (++_depth > MaxDepth)
            {
                return $"it nests deeper than {MaxDepth} levels";
            }

            try
            {
                SkipSpace();
                if (Take("!"))
                {
                    return Unary();
                }

                if (Take("("))
                {
                    var inner = Or();
                    return inner ?? (Take(")") ? null : Expected("')'"));
                }

                return Term();
            }
            finally
            {
                _depth--;
            }
        }

        private string? Term()
        {
            SkipSpace();
            foreach (var function in new[] { "all", "global" })
            {
                if (TakeWord(function))
                {
                    return Take("(") && Take(")") ? null : Expected($"'()' after {function}");
                }
            }

            if (TakeWord("has"))
            {
                if (!Take("("))
                {
                    return Expected("'(' after has");
                }

                return Key() is null ? Expected("a label key inside has()") : Take(")") ? null : Expected("')'");
            }

            if (Key() is null)
            {
                return Expected("a label key, all(), global(), has(...), '!' or '('");
            }

            SkipSpace();
            if (Take("==") || Take("!=") || TakeWord("contains") || (TakeWord("starts") && TakeWord("with")) || (TakeWord("ends") && TakeWord("with")))
            {
                return QuotedString() ? null : Expected("a quoted string");
            }

            if (TakeWord("in") || (TakeWord("not") && TakeWord("in")))
            {
                return Set();
            }

            return Expected("an operator (==, !=, in, not in, contains, starts with, ends with)");
        }

        private string? Set()
        {
            if (!Take("{"))
            {
                return Expected("'{' to start a set");
            }

            if (Take("}"))
            {
                return null;
            }

            do
            {
                if (!QuotedString())
                {
                    return Expected("a quoted string in the set");
                }
            }
            while (Take(","));

            return Take("}") ? null : Expected("'}' or ','");
        }

        private string? Key()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] is '_' or '.' or '/' or '-'))
            {
                _pos++;
            }

            return _pos > start ? text[start.._pos] : null;
        }

        private bool QuotedString()
        {
            SkipSpace();
            if (_pos >= text.Length || text[_pos] is not ('\'' or '"'))
            {
                return false;
            }

            var quote = text[_pos];
            var end = text.IndexOf(quote, _pos + 1);
            if (end < 0)
            {
                return false;
            }

            _pos = end + 1;
            return true;
        }

        private bool Take(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _pos, token, 0, token.Length) == 0)
            {
                _pos += token.Length;
                return true;
            }

            return false;
        }

        /// <summary>A keyword, not the start of a longer label key (has vs hash).</summary>
        private bool TakeWord(string word)
        {
            SkipSpace();
            var end = _pos + word.Length;
            if (string.CompareOrdinal(text, _pos, word, 0, word.Length) == 0
                && (end == text.Length || !(char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '.' or '/' or '-')))
            {
                _pos = end;
                return true;
            }

            return false;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] == ' ')
            {
                _pos++;
            }
        }

        private string Expected(string what) => $"expected {what} at position {_pos + 1}";

        private string Unexpected() => $"unexpected '{text[_pos]}' at position {_pos + 1}";
    }
}
