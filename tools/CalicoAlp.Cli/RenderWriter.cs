using CalicoAlp.Manifests.Output;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.Cli;

/// <summary>
/// Writes a render to disk, all or nothing. Everything is written into a fresh folder beside
/// --out and swapped into place only once complete, so any failure (a full disk, a file name the
/// file system refuses) leaves the previous render, marker included, or nothing. A folder is only
/// ever replaced when an earlier render marked it, so a mistyped --out never deletes anybody's files.
/// </summary>
internal static class RenderWriter
{
    public const string Marker = ".alp-render";

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

        var staging = Path.Combine(parent, $".{name}.alp-new-{Guid.NewGuid():N}");
        var retired = Path.Combine(parent, $".{name}.alp-old-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(parent);
            Directory.CreateDirectory(staging);
            foreach (var folder in files.Select(f => Path.GetDirectoryName(f.Path)).Where(d => !string.IsNullOrEmpty(d)).Distinct(StringComparer.Ordinal))
            {
                Directory.CreateDirectory(Path.Combine(staging, folder!));
            }

            // One thread, plain create-and-write: in parallel, creating thousands of files in a few
            // folders queues on the folders' locks and was several times slower.
            foreach (var file in files)
            {
                WriteNew(Path.Combine(staging, file.Path.Replace('/', Path.DirectorySeparatorChar)), file.Content);
            }

            File.WriteAllText(Path.Combine(staging, Marker), "written by alp render; the whole folder is replaced on the next render\n");

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
