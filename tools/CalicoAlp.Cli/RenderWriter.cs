using System.Text;
using CalicoAlp.Manifests.Output;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.Cli;

/// <summary>
/// Writes a render to disk, whole or not at all. Only a folder an earlier render marked is ever
/// replaced, so a mistyped --out never deletes anybody's files; one that already holds exactly this
/// render is left untouched. Otherwise the render is built in a fresh folder beside --out and
/// swapped in with two renames: the earlier render moves aside, the new one takes its name, and the
/// earlier one is deleted. Renders of one --out take turns under a lock beside it.
/// </summary>
/// <remarks>
/// After a kill at any moment, --out holds the whole earlier render or the whole new one, except in
/// the instant between the two renames, when it is missing and the earlier render waits beside it
/// under its aside name; the next render of that --out puts it back before doing anything else.
/// </remarks>
internal static class RenderWriter
{
    public const string Marker = ".alp-render";

    private const string MarkerText = "written by alp render; the next render replaces what is here\n";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string? Write(Plan plan, string outDir) => Write(plan, outDir, failWriting: null);

    /// <param name="failWriting">For tests: writing a file whose relative path it accepts fails, as on a full disk.</param>
    internal static string? Write(Plan plan, string outDir, Func<string, bool>? failWriting)
    {
        var files = PlanFiles.Render(plan).Append(new RenderedFile(Marker, MarkerText)).ToList();
        var target = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(target) ?? target;
        var name = Path.GetFileName(target);
        var staging = Path.Combine(parent, $".{name}.alp-new");
        var aside = Path.Combine(parent, $".{name}.alp-old");
        try
        {
            Directory.CreateDirectory(parent);
            using var turn = Lock(Path.Combine(parent, $".{name}.alp-lock"));
            if (turn is null)
            {
                return $"another alp render is writing '{outDir}' right now; wait for it to finish and render again";
            }

            Recover(target, staging, aside);
            if (Directory.Exists(target) && !File.Exists(Path.Combine(target, Marker)) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                return $"'{outDir}' is not empty and was not written by alp render; choose an empty or new folder";
            }

            if (HoldsExactly(target, files))
            {
                return null;
            }

            try
            {
                // The marker last: a staging folder without it was never finished.
                foreach (var file in files)
                {
                    var path = Path.Combine(staging, file.Path.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    if (failWriting?.Invoke(file.Path) == true)
                    {
                        throw new IOException($"No space left on device : '{path}'");
                    }

                    File.WriteAllText(path, file.Content, Utf8);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Delete(staging);
                return $"cannot write the render beside '{outDir}': {e.Message}; nothing was changed there";
            }

            if (Directory.Exists(target))
            {
                Directory.Move(target, aside);
            }

            Directory.Move(staging, target);
            Delete(aside);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write '{outDir}': {e.Message}";
        }
    }

    /// <summary>
    /// The lock of one --out: a file beside it, held exclusively for the render (.NET takes an
    /// advisory flock for FileShare.None, which the kernel drops with the process, killed or not).
    /// Null when another render holds it.
    /// </summary>
    private static FileStream? Lock(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>What a render killed part way left: an earlier render moved aside is put back, a half-built one deleted.</summary>
    private static void Recover(string target, string staging, string aside)
    {
        if (!Directory.Exists(target) && Directory.Exists(aside))
        {
            Directory.Move(aside, target);
        }

        Delete(aside);
        Delete(staging);
    }

    /// <summary>
    /// Whether the folder holds these files and nothing else, byte for byte. Sizes are compared
    /// before any file is read, so a FIFO or a device (size 0; no rendered file is empty) is never
    /// opened, and an entry that is a link makes the folder differ.
    /// </summary>
    private static bool HoldsExactly(string target, IReadOnlyList<RenderedFile> files)
    {
        if (!Directory.Exists(target))
        {
            return false;
        }

        var expected = files.ToDictionary(f => f.Path, f => Utf8.GetBytes(f.Content), StringComparer.Ordinal);
        var folders = files.Select(f => f.Path).SelectMany(Parents).ToHashSet(StringComparer.Ordinal);
        var found = 0;
        foreach (var entry in new DirectoryInfo(target).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (entry.LinkTarget is not null)
            {
                return false;
            }

            var relative = Path.GetRelativePath(target, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (entry is not FileInfo file)
            {
                if (!folders.Contains(relative))
                {
                    return false;
                }

                continue;
            }

            if (!expected.TryGetValue(relative, out var bytes) || file.Length != bytes.Length || !File.ReadAllBytes(file.FullName).AsSpan().SequenceEqual(bytes))
            {
                return false;
            }

            found++;
        }

        return found == expected.Count;
    }

    private static IEnumerable<string> Parents(string path)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            yield return path[..slash];
        }
    }

    private static void Delete(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
