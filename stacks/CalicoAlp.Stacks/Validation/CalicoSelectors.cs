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
        ArgumentNullException.ThrowIfNull(selector);
        if (AsciiText.FirstOutside(selector, spaces: true) is { } where)
        {
            return $"{where} is not printable ASCII; labels are, so it could never match";
        }

        var parser = new Parser(selector, null);
        return parser.Parse();
    }

    /// <summary>
    /// Whether <paramref name="selector"/> selects an endpoint with <paramref name="labels"/>, as
    /// Calico evaluates it; null when it does not parse. <c>global()</c> selects no pod.
    /// </summary>
    public static bool? Matches(string selector, IReadOnlyDictionary<string, string> labels)
    {
        var parser = new Parser(selector, labels);
        return parser.Parse() is null ? parser.Result : null;
    }

    /// <summary>
    /// A recursive-descent parser that also evaluates when given labels: each production leaves its
    /// truth value in <see cref="Result"/>. Calico's own parser is Go; none is served for .NET.
    /// </summary>
    private sealed class Parser(string text, IReadOnlyDictionary<string, string>? labels)
    {
        private int _pos;
        private int _depth;

        public bool Result { get; private set; }

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
            var result = Result;
            while (problem is null && Take("||"))
            {
                problem = And();
                result |= Result;
            }

            Result = result;
            return problem;
        }

        private string? And()
        {
            var problem = Unary();
            var result = Result;
            while (problem is null && Take("&&"))
            {
                problem = Unary();
                result &= Result;
            }

            Result = result;
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
                    var problem = Unary();
                    Result = !Result;
                    return problem;
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
                    Result = function == "all";
                    return Take("(") && Take(")") ? null : Expected($"'()' after {function}");
                }
            }

            if (TakeWord("has"))
            {
                if (!Take("("))
                {
                    return Expected("'(' after has");
                }

                var hasKey = Key();
                Result = hasKey is not null && labels?.ContainsKey(hasKey) == true;
                return hasKey is null ? Expected("a label key inside has()") : Take(")") ? null : Expected("')'");
            }

            var key = Key();
            if (key is null)
            {
                return Expected("a label key, all(), global(), has(...), '!' or '('");
            }

            string? actual = null;
            var present = labels?.TryGetValue(key, out actual) == true;
            SkipSpace();
            Func<string, bool>? compare =
                Take("==") ? v => present && actual == v
                : Take("!=") ? v => !present || actual != v
                : TakeWord("contains") ? v => present && actual!.Contains(v, StringComparison.Ordinal)
                : TakeWord("starts") && TakeWord("with") ? v => present && actual!.StartsWith(v, StringComparison.Ordinal)
                : TakeWord("ends") && TakeWord("with") ? v => present && actual!.EndsWith(v, StringComparison.Ordinal)
                : null;
            if (compare is not null)
            {
                var value = QuotedString();
                Result = value is not null && compare(value);
                return value is not null ? null : Expected("a quoted string");
            }

            var negated = false;
            if (TakeWord("in") || (negated = TakeWord("not") && TakeWord("in")))
            {
                var problem = Set(out var members);
                Result = negated ? !present || !members.Contains(actual!) : present && members.Contains(actual!);
                return problem;
            }

            return Expected("an operator (==, !=, in, not in, contains, starts with, ends with)");
        }

        private string? Set(out HashSet<string> members)
        {
            members = new HashSet<string>(StringComparer.Ordinal);
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
                if (QuotedString() is not { } member)
                {
                    return Expected("a quoted string in the set");
                }

                members.Add(member);
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

        /// <summary>The string's contents, or null when no quoted string stands here.</summary>
        private string? QuotedString()
        {
            SkipSpace();
            if (_pos >= text.Length || text[_pos] is not ('\'' or '"'))
            {
                return null;
            }

            var quote = text[_pos];
            var end = text.IndexOf(quote, _pos + 1);
            if (end < 0)
            {
                return null;
            }

            var value = text[(_pos + 1)..end];
            _pos = end + 1;
            return value;
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
