using System.Collections.Immutable;
using System.Reflection;
using System.Text;

namespace CalicoAlp.Cli;

/// <summary>One option a verb takes: its long and short names, and whether a verb needs it.</summary>
public sealed record OptionSpec(string Name, string? ShortName, string ValueName, string Description);

/// <summary>One verb: its options, those it cannot run without, and what it does.</summary>
public sealed record VerbSpec(string Name, string Description, ImmutableArray<OptionSpec> Options, ImmutableArray<string> Required);

/// <summary>What the command line asked for: a verb with its option values, help, the version, or a usage error.</summary>
public sealed record ParsedCommand(VerbSpec? Verb, ImmutableDictionary<string, string> Values, bool Help, bool Version, string? Error)
{
    public string? Value(string option) => Values.GetValueOrDefault(option);
}

/// <summary>
/// The command line, parsed by hand. alp has four verbs and three options, and a general parser
/// library cost more of the native binary's start-up (about 2.5 ms on a 1.6 ms empty app) than
/// everything else it does before reading the stack. Accepts `--name value`, `--name=value` and
/// the short forms; reads no response files (`@x` is a value like any other).
/// </summary>
public static class CommandLine
{
    public static readonly OptionSpec Stack = new("--stack", "-s", "NAME", "Stack name; reads Pulumi.<stack>.yaml next to Pulumi.yaml.");

    public static readonly OptionSpec StackFile = new("--stack-file", null, "PATH",
        "Read the stack's config from this file instead (the stack name comes from Pulumi.<stack>.yaml or --stack).");

    public static readonly OptionSpec Out = new("--out", "-o", "DIR", "Folder to write the rendered objects to.");

    public static readonly OptionSpec Context = new("--context", null, "NAME", "Kubeconfig context to check (default: the stack's kubeContext, else the current one).");

    public static readonly OptionSpec Output = new("--output", null, "table|json", "How to print the results (default: table).");

    public static readonly ImmutableArray<VerbSpec> Verbs =
    [
        new("check", "Validate a stack's config and print a one-screen summary.", [Stack, StackFile], []),
        new("render", "Write every object the stack registers as YAML, plus plan.json.", [Stack, StackFile, Out], [Out.Name]),
        new("graph", "Print the plan's components and dependencies as a Mermaid graph.", [Stack, StackFile], []),
        new("config-reference", "Print the configuration reference (Markdown) generated from Pulumi.yaml.", [], []),
        new("doctor", "Check the real cluster against the stack, read-only, before pulumi up.", [Stack, StackFile, Context, Output], []),
    ];

    public const string Summary = "alp: check and render a calico-alp stack offline, and check a cluster against it.";

    public const string ExitCodesLine = "Exit codes: 0 valid; 1 a wrong command line; 2 invalid config, an unwritable --out, or a failing doctor check; 70 a bug in alp.";

    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        var empty = ImmutableDictionary<string, string>.Empty;
        if (args.Count == 0)
        {
            return new(null, empty, false, false, "no command given");
        }

        if (args[0] is "--help" or "-h" or "-?")
        {
            return new(null, empty, true, false, null);
        }

        if (args[0] == "--version")
        {
            return new(null, empty, false, true, null);
        }

        var verb = Verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            return new(null, empty, false, false, $"'{Printable(args[0])}' is not a command; expected one of: {string.Join(", ", Verbs.Select(v => v.Name))}");
        }

        var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                return new(verb, empty, true, false, null);
            }

            var (name, inline) = SplitInline(arg);
            var option = verb.Options.FirstOrDefault(o => o.Name == name || o.ShortName == name);
            if (option is null)
            {
                return Failed(verb, name.StartsWith('-')
                    ? $"'{Printable(name)}' is not an option of {verb.Name}{OptionList(verb)}"
                    : $"unexpected argument '{Printable(arg)}'{OptionList(verb)}");
            }

            string value;
            if (inline is not null)
            {
                value = inline;
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                return Failed(verb, $"{option.Name} needs a value ({option.ValueName})");
            }

            if (!values.TryAdd(option.Name, value))
            {
                return Failed(verb, $"{option.Name} is given twice");
            }
        }

        foreach (var required in verb.Required.Where(r => !values.ContainsKey(r)))
        {
            return Failed(verb, $"{required} is required");
        }

        return new(verb, values.ToImmutable(), false, false, null);
    }

    /// <summary>
    /// Answers what needs no verb run: a usage error (exit 1, one line and where help is), help or
    /// the version (exit 0). Null when the verb is to run. The version's assembly is looked up only
    /// for --version: in the native alp, the first Assembly object costs about 0.27 M instructions
    /// of reflection start-up (callgrind), against under 7 M for a whole `alp check`.
    /// </summary>
    public static int? Answered(ParsedCommand command, Type versionOf, TextWriter stdout, TextWriter stderr)
    {
        if (command.Error is { } error)
        {
            var verb = command.Verb is { } v ? $" {v.Name}" : string.Empty;
            stderr.WriteLine($"alp{verb}: {error}");
            stderr.WriteLine($"Run 'alp{verb} --help' for {(command.Verb is null ? "the commands" : "its options")}.");
            return ExitCodes.Usage;
        }

        if (command.Help)
        {
            stdout.Write(HelpText(command.Verb));
            return ExitCodes.Ok;
        }

        if (command.Version)
        {
            stdout.WriteLine(versionOf.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
            return ExitCodes.Ok;
        }

        return null;
    }

    /// <summary>Runs a verb; a bug in it is one line naming the exception and exit 70, never a stack trace.</summary>
    public static int Guarded(TextWriter stderr, string program, Func<int> action)
    {
        try
        {
            return action();
        }
#pragma warning disable CA1031 // The contract is one line and an exit code, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"{program}: internal error ({e.GetType().Name}): {e.Message}");
            return ExitCodes.Internal;
        }
    }

    public static string HelpText(VerbSpec? verb)
    {
        var text = new StringBuilder();
        if (verb is null)
        {
            text.Append(Summary).Append("\n\n").Append(ExitCodesLine).Append("\n\nUsage:\n  alp <command> [options]\n  alp --version\n\nCommands:\n");
            foreach (var v in Verbs)
            {
                text.Append("  ").Append(v.Name.PadRight(18)).Append(v.Description).Append('\n');
            }

            return text.Append("\nRun 'alp <command> --help' for a command's options.\n").ToString();
        }

        text.Append(verb.Description).Append("\n\nUsage:\n  alp ").Append(verb.Name).Append(verb.Options.IsEmpty ? string.Empty : " [options]").Append("\n\nOptions:\n");
        foreach (var option in verb.Options)
        {
            var names = (option.ShortName is null ? string.Empty : option.ShortName + ", ") + option.Name + " " + option.ValueName;
            var required = verb.Required.Contains(option.Name) ? " (required)" : string.Empty;
            text.Append("  ").Append(names.PadRight(22)).Append(option.Description).Append(required).Append('\n');
        }

        return text.Append("  ").Append("-h, --help".PadRight(22)).Append("Show this help.\n\n").Append(ExitCodesLine).Append('\n').ToString();
    }

    private static ParsedCommand Failed(VerbSpec verb, string error) => new(verb, ImmutableDictionary<string, string>.Empty, false, false, error);

    private static (string Name, string? Inline) SplitInline(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.IndexOf('=', StringComparison.Ordinal) is not (> 2 and var at))
        {
            return (arg, null);
        }

        return (arg[..at], arg[(at + 1)..]);
    }

    private static string OptionList(VerbSpec verb) =>
        verb.Options.IsEmpty ? $"; {verb.Name} takes no options" : $"; {verb.Name} takes {string.Join(", ", verb.Options.Select(o => o.Name))}";

    /// <summary>An argument as typed, at most 120 characters, with control characters escaped.</summary>
    public static string Printable(string value) =>
        Stacks.Validation.ConfigError.Escape(value.Length > 120 ? value[..120] : value) + (value.Length > 120 ? "…" : string.Empty);
}
