using System.Runtime.InteropServices;

namespace CalicoAlp.Cli;

/// <summary>
/// Whether a file of an earlier render holds exactly the bytes this render would write. Read with
/// open, read and close alone: .NET's file APIs would stat it for its attributes and length, and
/// stat it again when opened, more than doubling what a render spends on reading the files it is
/// about to keep. Never through a link (O_NOFOLLOW: a link is not the earlier render's own file)
/// and never waiting (O_NONBLOCK: a FIFO where a file was would otherwise block the open).
/// </summary>
internal static partial class EarlierFile
{
    public static bool HoldsExactly(string path, ReadOnlySpan<byte> expected)
    {
        int? flags = OperatingSystem.IsLinux() ? 0x20000 | 0x800 | 0x80000 // O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC
            : OperatingSystem.IsMacOS() ? 0x100 | 0x4 | 0x1000000
            : null;
        if (flags is not { } unixFlags)
        {
            var info = new FileInfo(path);
            return info.LinkTarget is null && info.Length == expected.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(expected);
        }

        var fd = Open(path, unixFlags);
        if (fd < 0)
        {
            // A link, a file gone or unreadable: not this render's file, so it is written afresh.
            return false;
        }

        try
        {
            // One byte more than expected, so a longer file shows as one.
            var content = new byte[expected.Length + 1];
            var total = 0;
            while (total < content.Length)
            {
                var read = ReadInto(fd, content.AsSpan(total));
                if (read <= 0)
                {
                    break;
                }

                total += (int)read;
            }

            return total == expected.Length && content.AsSpan(0, total).SequenceEqual(expected);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static unsafe nint ReadInto(int fd, Span<byte> into)
    {
        fixed (byte* buffer = into)
        {
            return Read(fd, buffer, (nuint)into.Length);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read")]
    private static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
