using System.Collections.Immutable;
using CalicoAlp.Stacks.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace CalicoAlp.Stacks.Files;

/// <summary>
/// YAML text to its top-level mapping, with the limits checked on the event stream before any
/// node tree exists: no aliases (a stack's config has no use for them, and "billion laughs"
/// expansions or self-references would otherwise cost gigabytes or the whole stack), plain
/// mapping keys, and a small nesting depth. The text is scanned once; the checked events are
/// replayed into the node tree.
/// </summary>
internal static class LimitedYaml
{
    public static YamlMappingNode? LoadMapping(string text, string display, ImmutableArray<ConfigError>.Builder errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new ConfigError(display, "the file is empty; expected a YAML mapping with a 'config:' section"));
            return null;
        }

        try
        {
            var events = new List<ParsingEvent>();
            var parser = new Parser(new StringReader(text));
            // Per open collection: is it a mapping, and is its next node a key. Its count is the nesting depth.
            var frames = new Stack<(bool Mapping, bool ExpectKey)>();
            void Advance()
            {
                if (frames.TryPop(out var frame))
                {
                    frames.Push(frame.Mapping ? (true, !frame.ExpectKey) : frame);
                }
            }

            while (Next(parser, events, display, errors) is { } current)
            {
                var collection = current is MappingStart or SequenceStart;
                var problem =
                    collection && frames.TryPeek(out var open) && open.Mapping && open.ExpectKey ? "a mapping key must be a plain string, not a list or a mapping"
                    : current is AnchorAlias alias ? $"aliases (*{alias.Value}) are not allowed in a stack file; write the value out"
                    : current is NodeEvent { Anchor.IsEmpty: false } anchored ? $"anchors (&{anchored.Anchor}) are not allowed in a stack file; write the value out"
                    : null;
                if (collection && problem is null)
                {
                    var mapping = current is MappingStart;
                    frames.Push((mapping, mapping));
                    problem = frames.Count > StackFileReader.MaxDepth ? $"nested deeper than {StackFileReader.MaxDepth} levels, the most a stack file may nest" : null;
                }
                else if (current is Scalar)
                {
                    Advance();
                }
                else if (current is MappingEnd or SequenceEnd)
                {
                    frames.TryPop(out _);
                    Advance();
                }

                if (problem is not null)
                {
                    errors.Add(new ConfigError(display, $"line {current.Start.Line}: {problem}"));
                    return null;
                }

                events.Add(current);
            }

            var stream = new YamlStream();
            try
            {
                stream.Load(new Replay(events));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // The node tree refuses some event sequences the parser accepts (an empty key at
                // the top level, for one); the input is at fault, so it is reported as malformed.
                errors.Add(new ConfigError(display, $"malformed YAML: the YAML reader could not build the document ({e.Message.Split(" (Parameter", 2)[0]}); check for an empty key or a stray ':'"));
                return null;
            }
            if (stream.Documents.Count != 1)
            {
                errors.Add(new ConfigError(display, $"expected exactly one YAML document, found {stream.Documents.Count}"));
                return null;
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                errors.Add(new ConfigError(display, "expected a YAML mapping at the top level"));
                return null;
            }

            return root;
        }
        catch (MalformedYaml)
        {
            return null;
        }
        catch (YamlException e)
        {
            errors.Add(new ConfigError(display, $"malformed YAML at line {e.Start.Line}, column {e.Start.Column}: {Innermost(e).Message}"));
            return null;
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    /// <summary>The next event, or null at the end, or when the parser gave up.</summary>
    private static ParsingEvent? Next(Parser parser, List<ParsingEvent> events, string display, ImmutableArray<ConfigError>.Builder errors)
    {
        try
        {
            return parser.MoveNext() ? parser.Current : null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, not a YamlException, on some malformed flow
            // collections; the input is at fault, so it is reported like any malformed YAML.
            var line = events.Count == 0 ? 1 : events[^1].End.Line;
            errors.Add(new ConfigError(display, $"malformed YAML after line {line}: the YAML reader could not continue; check the brackets and quotes there"));
            throw new MalformedYaml();
        }
    }

    /// <summary>Ends the read once <see cref="Next"/> has reported why.</summary>
    private sealed class MalformedYaml : Exception;

    /// <summary>Events already parsed and checked, handed to the node tree as a parser would.</summary>
    private sealed class Replay(List<ParsingEvent> events) : IParser
    {
        private int _next;

        public ParsingEvent? Current { get; private set; }

        public bool MoveNext()
        {
            if (_next >= events.Count)
            {
                Current = null;
                return false;
            }

            Current = events[_next++];
            return true;
        }
    }
}
