using System.Text.RegularExpressions;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Cli;

/// <summary>The settings, or why the command line could not name a stack (exit 1, not 2).</summary>
public sealed record StackInputResult(LoadResult Result, bool IsUsageError);

/// <summary>Resolves --stack / --stack-file against the project folder and loads the settings.</summary>
public static partial class StackInput
{
    /// <summary>Pulumi's own rule for a stack name: letters, digits, '-', '_' and '.', at most 100.</summary>
    [GeneratedRegex(@"\A[A-Za-z0-9_.-]{1,100}\z")]
    private static partial Regex StackName();

    public static StackInputResult Load(string workingDirectory, string? stack, string? stackFile)
    {
        if (stack is not null && !IsStackName(stack))
        {
            return Usage("--stack", $"{Show(stack)} is not a stack name; expected letters, digits, '-', '_' and '.', at most 100 characters, as Pulumi allows");
        }

        if (stackFile is not null)
        {
            var path = Path.GetFullPath(stackFile, workingDirectory);
            var name = stack ?? StackNameFromFile(path);
            if (name is null || !IsStackName(name))
            {
                return Usage("--stack", $"cannot tell the stack name from {Show(Path.GetFileName(path))}; name the file Pulumi.<stack>.yaml or pass --stack");
            }

            // The project beside the stack file (or above it) first, as for a stack kept elsewhere; then the working folder's.
            var fileProject = StackLoader.FindProjectDirectory(Path.GetDirectoryName(path) ?? workingDirectory);
            var projectDir = fileProject ?? StackLoader.FindProjectDirectory(workingDirectory);
            return projectDir is null
                ? new(NoProject(workingDirectory), false)
                : new(StackLoader.FromFiles(projectDir, name, path), false);
        }

        var project = StackLoader.FindProjectDirectory(workingDirectory);
        if (project is null)
        {
            return new(NoProject(workingDirectory), false);
        }

        if (string.IsNullOrWhiteSpace(stack))
        {
            return Usage("--stack", $"missing; pass --stack NAME (reads Pulumi.NAME.yaml) or --stack-file PATH{Known(project, string.Empty)}");
        }

        if (!File.Exists(Path.Combine(project, Stacks.Files.StackFileReader.StackFileName(stack))))
        {
            return Usage("--stack", $"{Show(stack)} has no {Stacks.Files.StackFileReader.StackFileName(stack)} beside Pulumi.yaml{Known(project, stack)}");
        }

        return new(StackLoader.FromFiles(project, stack), false);
    }

    public static bool IsStackName(string name) => StackName().IsMatch(name) && name is not "." and not "..";

    private static StackInputResult Usage(string key, string message) => new(LoadResult.Failed([new ConfigError(key, message)]), true);

    private static LoadResult NoProject(string workingDirectory) =>
        LoadResult.Failed([new ConfigError(StackLoader.ProjectFileName,
            $"not found in '{workingDirectory}' or any folder above it; run alp from the calico-alp repository")]);

    /// <summary>The stacks that exist, and the nearest to what was typed.</summary>
    private static string Known(string project, string typed)
    {
        var stacks = Directory.GetFiles(project, "Pulumi.*.yaml").Select(f => StackNameFromFile(f)).OfType<string>().Order(StringComparer.Ordinal).ToList();
        return stacks.Count == 0 ? "; no stack files exist yet" : $"; stacks here: {string.Join(", ", stacks)}{(typed.Length > 0 ? Suggestions.Hint(typed, stacks) : string.Empty)}";
    }

    /// <summary>A value as typed, quoted, with control characters escaped so nothing reaches the terminal raw.</summary>
    private static string Show(string value) => "'" + CommandLine.Printable(value) + "'";

    private static string? StackNameFromFile(string path)
    {
        var file = Path.GetFileName(path);
        const string prefix = "Pulumi.";
        const string suffix = ".yaml";
        return file.StartsWith(prefix, StringComparison.Ordinal) && file.EndsWith(suffix, StringComparison.Ordinal) && file.Length > prefix.Length + suffix.Length
            ? file[prefix.Length..^suffix.Length]
            : null;
    }

    /// <summary>
    /// When the stack did not load: one line per problem, then the count and what was not done
    /// (<paramref name="nothing"/>: written, checked). Null when it loaded.
    /// </summary>
    public static int? ReportErrors(StackInputResult input, TextWriter stderr, string nothing)
    {
        var result = input.Result;
        if (result.Ok)
        {
            return null;
        }

        foreach (var error in result.Errors)
        {
            stderr.WriteLine($"error: {error}");
        }

        stderr.WriteLine($"alp: {result.Errors.Length} error{(result.Errors.Length == 1 ? string.Empty : "s")}; nothing was {nothing}");
        return input.IsUsageError ? ExitCodes.Usage : ExitCodes.InvalidConfig;
    }
}
