namespace CalicoAlp.Cli;

/// <summary>What every verb shares besides parsing (System.CommandLine does that, in AlpCommand).</summary>
public static class CommandLine
{
    public const string Summary = "alp: check and render a calico-alp stack offline, and check a cluster against it.";

    public const string ExitCodesLine = "Exit codes: 0 valid; 1 a wrong command line; 2 invalid config, an unwritable --out, or a failing doctor check; 70 a bug in alp.";

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

    /// <summary>An argument as typed, at most 120 characters, with control characters escaped.</summary>
    public static string Printable(string value) =>
        Stacks.Validation.ConfigError.Escape(value.Length > 120 ? value[..120] : value) + (value.Length > 120 ? "…" : string.Empty);
}
