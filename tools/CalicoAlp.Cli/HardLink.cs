using System.Runtime.InteropServices;

namespace CalicoAlp.Cli;

/// <summary>
/// A second name for an existing file (link(2)), where the platform has it. .NET has no managed
/// call for it. Any refusal (another file system, a file system without links, a protected link,
/// Windows) is only a false: the caller then writes the file instead.
/// </summary>
internal static partial class HardLink
{
    public static bool TryCreate(string existing, string created) =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Link(existing, created) == 0;

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
