using CalicoAlp.Manifests.Output;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.Cli;

/// <summary>
/// Writes a render to disk. A folder is only ever cleared when an earlier render marked it, so a
/// mistyped --out never deletes somebody's files.
/// </summary>
internal static class RenderWriter
{
    public const string Marker = ".alp-render";

    public static string? Write(Plan plan, string outDir)
    {
        var files = PlanFiles.Render(plan);
        try
        {
            if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
            {
                if (!File.Exists(Path.Combine(outDir, Marker)))
                {
                    return $"'{outDir}' is not empty and was not written by alp render; choose an empty or new folder";
                }

                foreach (var entry in Directory.EnumerateFileSystemEntries(outDir))
                {
                    if (Directory.Exists(entry))
                    {
                        Directory.Delete(entry, recursive: true);
                    }
                    else
                    {
                        File.Delete(entry);
                    }
                }
            }

            Directory.CreateDirectory(outDir);
            File.WriteAllText(Path.Combine(outDir, Marker), "written by alp render; the whole folder is replaced on the next render\n");
            foreach (var file in files)
            {
                var path = Path.Combine(outDir, file.Path.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
            }

            return null;
        }
        catch (IOException e)
        {
            return $"cannot write to '{outDir}': {e.Message}";
        }
        catch (UnauthorizedAccessException e)
        {
            return $"cannot write to '{outDir}': {e.Message}";
        }
    }
}
