using CalicoAlp.Manifests.Output;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.Cli;

/// <summary>
/// Writes a render to disk, all or nothing. Everything is written into a fresh folder beside
/// --out and swapped into place only once complete, so any failure (a full disk, a file name the
/// file system refuses) leaves the previous render, marker included, or nothing. A folder is only
/// ever replaced when an earlier render marked it, so a mistyped --out never deletes anybody's files.
/// A folder that already holds exactly this render is left as it is (see <see cref="HoldsExactly"/>).
/// </summary>
internal static class RenderWriter
{
    public const string Marker = ".alp-render";

    private const string MarkerText = "written by alp render; the whole folder is replaced on the next render\n";

    public static string? Write(Plan plan, string outDir)
    {
        var files = PlanFiles.Render(plan);
        var target = Path.GetFullPath(outDir);
        var parent = Path.GetDirectoryName(target.TrimEnd(Path.DirectorySeparatorChar)) ?? target;
        var name = Path.GetFileName(target.TrimEnd(Path.DirectorySeparatorChar));
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, Marker)))
        {
            return $"'{outDir}' is not empty and was not written by alp render; choose an empty or new folder";
        }

        if (HoldsExactly(target, files))
        {
            return null;
        }

        var staging = Path.Combine(parent, $".{name}.alp-new-{Guid.NewGuid():N}");
        var retired = Path.Combine(parent, $".{name}.alp-old-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(parent);
            Directory.CreateDirectory(staging);
            foreach (var folder in Folders(files))
            {
                Directory.CreateDirectory(Path.Combine(staging, folder.Replace('/', Path.DirectorySeparatorChar)));
            }

            // One thread, plain create-and-write: in parallel, creating thousands of files in a few
            // folders queues on the folders' locks and was several times slower.
            foreach (var file in files)
            {
                WriteNew(Path.Combine(staging, file.Path.Replace('/', Path.DirectorySeparatorChar)), file.Content);
            }

            File.WriteAllText(Path.Combine(staging, Marker), MarkerText);

            if (Directory.Exists(target))
            {
                Directory.Move(target, retired);
            }

            try
            {
                Directory.Move(staging, target);
            }
            catch (Exception) when (Directory.Exists(retired))
            {
                // Put the previous render back before reporting.
                Directory.Move(retired, target);
                throw;
            }

            TryDelete(retired);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write the render to '{outDir}' (nothing was changed there): {e.Message}";
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>
    /// Whether the folder holds this render and nothing else: every file byte for byte, the marker,
    /// no other file, folder or link. Then re-rendering an unchanged stack writes nothing (the files
    /// keep their times, as `install -C` leaves them); anything else is replaced whole, as before.
    /// Reading 20-odd small files is cheaper than creating and deleting them, which on a disk is
    /// most of a render.
    /// </summary>
    private static bool HoldsExactly(string target, IReadOnlyList<RenderedFile> files)
    {
        if (!Directory.Exists(target))
        {
            return false;
        }

        var expected = files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        expected[Marker] = MarkerText;
        var folders = Folders(files);
        var matched = 0;
        try
        {
            var all = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
            foreach (var entry in new DirectoryInfo(target).EnumerateFileSystemInfos("*", all))
            {
                var relative = Path.GetRelativePath(target, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (entry.LinkTarget is not null)
                {
                    return false;
                }

                if (entry is DirectoryInfo)
                {
                    if (!folders.Contains(relative))
                    {
                        return false;
                    }

                    continue;
                }

                if (!expected.TryGetValue(relative, out var content))
                {
                    return false;
                }

                var bytes = System.Text.Encoding.UTF8.GetBytes(content);
                if (((FileInfo)entry).Length != bytes.Length || !File.ReadAllBytes(entry.FullName).AsSpan().SequenceEqual(bytes))
                {
                    return false;
                }

                matched++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: write the render afresh, which reports any real problem.
            return false;
        }

        return matched == expected.Count;
    }

    /// <summary>Every folder the render's files lie in, their parents included, as '/'-separated relative paths.</summary>
    private static HashSet<string> Folders(IReadOnlyList<RenderedFile> files)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            for (var end = file.Path.LastIndexOf('/'); end > 0; end = file.Path.LastIndexOf('/', end - 1))
            {
                if (!folders.Add(file.Path[..end]))
                {
                    break;
                }
            }
        }

        return folders;
    }

    private static void WriteNew(string path, string content)
    {
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        RandomAccess.Write(handle, System.Text.Encoding.UTF8.GetBytes(content), 0);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover hidden folder beside --out is harmless; the render itself is complete.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
