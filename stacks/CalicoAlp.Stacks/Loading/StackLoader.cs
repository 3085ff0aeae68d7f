using CalicoAlp.Stacks.Files;

namespace CalicoAlp.Stacks.Loading;

/// <summary>The offline entry point: Pulumi.yaml plus a stack file, read, merged and validated.</summary>
public static class StackLoader
{
    public const string ProjectFileName = "Pulumi.yaml";

    public static LoadResult FromFiles(string projectDirectory, string stackName, string? stackFile = null)
    {
        var files = StackFileReader.Read(
            Path.Combine(projectDirectory, ProjectFileName),
            stackFile ?? Path.Combine(projectDirectory, StackFileReader.StackFileName(stackName)),
            stackName);
        return files.Ok ? SettingsLoader.Load(files.Config!) : LoadResult.Failed(files.Errors);
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> holding Pulumi.yaml, as the Pulumi CLI finds it.</summary>
    public static string? FindProjectDirectory(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ProjectFileName)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
