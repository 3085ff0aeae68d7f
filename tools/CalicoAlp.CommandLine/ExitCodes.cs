namespace CalicoAlp.Cli;

/// <summary>The exit codes of `alp`, as README.md documents them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command line itself was wrong (unknown verb, missing option).</summary>
    public const int Usage = 1;

    /// <summary>The stack's config is invalid, or a file could not be read or written.</summary>
    public const int InvalidConfig = 2;

    /// <summary>A bug in alp; reported in one line, never as a stack trace.</summary>
    public const int Internal = 70;
}
