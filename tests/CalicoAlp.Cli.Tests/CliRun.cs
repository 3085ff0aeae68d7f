namespace CalicoAlp.Cli.Tests;

/// <summary>One in-process run of `alp`, with what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun In(string directory, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = AlpCommand.Run(args, stdout, stderr, directory);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A .NET stack trace has lines starting with "   at ".</summary>
    public bool PrintedStackTrace =>
        (Stdout + Stderr).Split('\n').Any(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) && l.Contains('(', StringComparison.Ordinal));
}
