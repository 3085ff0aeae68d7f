using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Cli;

/// <summary>Resolves --stack / --stack-file against the project folder and loads the settings.</summary>
internal static class StackInput
{
    public static LoadResult Load(string workingDirectory, string? stack, string? stackFile)
    {
        var projectDir = StackLoader.FindProjectDirectory(workingDirectory);
        if (projectDir is null)
        {
            return LoadResult.Failed([new ConfigError(StackLoader.ProjectFileName,
                $"not found in '{workingDirectory}' or any folder above it; run alp from the calico-alp repository")]);
        }

        if (stackFile is not null)
        {
            var path = Path.GetFullPath(stackFile, workingDirectory);
            var name = stack ?? StackNameFromFile(path);
            if (name is null)
            {
                return LoadResult.Failed([new ConfigError("--stack", $"cannot tell the stack name from '{Path.GetFileName(path)}'; name the file Pulumi.<stack>.yaml or pass --stack")]);
            }

            return StackLoader.FromFiles(projectDir, name, path);
        }

        if (string.IsNullOrWhiteSpace(stack))
        {
            return LoadResult.Failed([new ConfigError("--stack", "missing; pass --stack NAME (reads Pulumi.NAME.yaml) or --stack-file PATH")]);
        }

        return StackLoader.FromFiles(projectDir, stack);
    }

    private static string? StackNameFromFile(string path)
    {
        var file = Path.GetFileName(path);
        const string prefix = "Pulumi.";
        const string suffix = ".yaml";
        return file.StartsWith(prefix, StringComparison.Ordinal) && file.EndsWith(suffix, StringComparison.Ordinal) && file.Length > prefix.Length + suffix.Length
            ? file[prefix.Length..^suffix.Length]
            : null;
    }
}
