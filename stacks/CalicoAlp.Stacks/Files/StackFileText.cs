using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using CalicoAlp.Stacks.Validation;
using Microsoft.Win32.SafeHandles;

namespace CalicoAlp.Stacks.Files;

/// <summary>
/// A stack, project or kubeconfig file's text: a regular file of bounded size in valid UTF-8.
/// Anything else (a dangling link, a folder, a FIFO, a device that never ends, invalid UTF-8) is a
/// named error, never a hang, an exhausted memory or a crash. By hand: the BCL's readers block on
/// a FIFO and read a device without end.
/// </summary>
public static partial class StackFileText
{
    public static string? Read(string path, string display, ImmutableArray<ConfigError>.Builder errors) =>
        Read(path, display, errors, "stack file", StackFileReader.MaxFileBytes);

    /// <param name="kind">What the file is, for the messages: "stack file", "kubeconfig".</param>
    /// <param name="maxBytes">The largest file read.</param>
    public static string? Read(string path, string display, ImmutableArray<ConfigError>.Builder errors, string kind, int maxBytes)
    {
        if (Directory.Exists(path))
        {
            errors.Add(new ConfigError(display, $"'{path}' is a folder, not a {kind}"));
            return null;
        }

        FileStream stream;
        try
        {
            stream = Open(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            errors.Add(new ConfigError(display, new FileInfo(path).LinkTarget is not null
                ? $"'{path}' is a link to a file that does not exist"
                : $"file not found at '{path}'"));
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            errors.Add(new ConfigError(display, $"'{path}' cannot be read (permission denied)"));
            return null;
        }

        using var opened = stream;
        if (!stream.CanSeek)
        {
            // A FIFO would block until something writes to it, a socket or terminal likewise.
            errors.Add(new ConfigError(display, $"'{path}' is a pipe, socket or terminal, not a file; save the {(kind == "stack file" ? "config" : kind)} to a file first"));
            return null;
        }

        var length = stream.Length;
        // A regular file is read at its length; a device such as /dev/zero reports none and never
        // ends, so at most one byte past the limit is ever read.
        var buffer = new byte[(int)Math.Min(maxBytes + 1L, Math.Max(length + 1, 4096))];
        var read = 0;
        int n;
        while ((n = stream.Read(buffer, read, buffer.Length - read)) > 0)
        {
            read += n;
            if (read == buffer.Length && buffer.Length <= maxBytes)
            {
                Array.Resize(ref buffer, Math.Min(maxBytes + 1, buffer.Length * 2));
            }
            else if (read == buffer.Length)
            {
                break;
            }
        }

        if (read > maxBytes)
        {
            errors.Add(new ConfigError(display, $"larger than a {kind} may be ({maxBytes} bytes)"));
            return null;
        }

        var bytes = buffer.AsSpan(0, read);
        if (!Utf8.IsValid(bytes))
        {
            errors.Add(new ConfigError(display, $"line {1 + bytes[..FirstInvalid(bytes)].Count((byte)'\n')}: not valid UTF-8; save the file as UTF-8"));
            return null;
        }

        return System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (at < bytes.Length && System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var length) == System.Buffers.OperationStatus.Done)
        {
            at += length;
        }

        return at;
    }

    /// <summary>
    /// Opened without blocking where the platform allows it: opening a FIFO for reading otherwise
    /// waits for a writer, forever. On a regular file the flag changes nothing.
    /// </summary>
    private static FileStream Open(string path)
    {
        int? flags = OperatingSystem.IsLinux() ? 0x800 | 0x80000 // O_NONBLOCK | O_CLOEXEC
            : OperatingSystem.IsMacOS() ? 0x4 | 0x1000000
            : null;
        if (flags is not { } unixFlags)
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        }

        var fd = OpenUnix(path, unixFlags);
        if (fd < 0)
        {
            // The usual exception, with the usual message (permission denied and the like).
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        }

        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenUnix(string path, int flags);
}
