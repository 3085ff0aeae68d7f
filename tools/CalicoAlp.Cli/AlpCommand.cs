using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Cli;

/// <summary>`alp check | render | graph`: offline, no cluster, no Pulumi.</summary>
public static class AlpCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        var command = CommandLine.Parse(args);
        if (CommandLine.Answered(command, typeof(AlpCommand).Assembly, stdout, stderr) is { } answered)
        {
            return answered;
        }

        StackInputResult Load() => StackInput.Load(workingDirectory, command.Value(CommandLine.Stack.Name), command.Value(CommandLine.StackFile.Name));
        return command.Verb!.Name switch
        {
            "check" => Guarded(stderr, () => Check(Load(), stdout, stderr)),
            "render" => Guarded(stderr, () => Render(Load(), Path.GetFullPath(command.Value(CommandLine.Out.Name)!, workingDirectory), stdout, stderr)),
            "graph" => Guarded(stderr, () => Graph(Load(), stdout, stderr)),
            "config-reference" => Guarded(stderr, () => Reference(workingDirectory, stdout, stderr)),
            "doctor" => Guarded(stderr, () => DoctorLauncher.Run(args, stdout, stderr, workingDirectory)),
            var other => throw new InvalidOperationException($"the verb {other} has no action"),
        };
    }

    private static int Guarded(TextWriter stderr, Func<int> action)
    {
        try
        {
            return action();
        }
#pragma warning disable CA1031 // The contract is one line and an exit code, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"alp: internal error ({e.GetType().Name}): {e.Message}");
            return ExitCodes.Internal;
        }
    }

    /// <returns>Null when the stack loaded; otherwise the exit code, after one line per problem.</returns>
    private static int? ReportErrors(StackInputResult input, TextWriter stderr)
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

        stderr.WriteLine($"alp: {result.Errors.Length} error{(result.Errors.Length == 1 ? string.Empty : "s")}; nothing was written");
        return input.IsUsageError ? ExitCodes.Usage : ExitCodes.InvalidConfig;
    }

    private static int Check(StackInputResult input, TextWriter stdout, TextWriter stderr)
    {
        if (ReportErrors(input, stderr) is { } code)
        {
            return code;
        }

        var plan = PlanBuilder.Build(input.Result.Settings!);
        stdout.Write(Summary.For(plan));
        return ExitCodes.Ok;
    }

    private static int Render(StackInputResult input, string outDir, TextWriter stdout, TextWriter stderr)
    {
        if (ReportErrors(input, stderr) is { } code)
        {
            return code;
        }

        var plan = PlanBuilder.Build(input.Result.Settings!);
        if (RenderWriter.Write(plan, outDir) is { } problem)
        {
            stderr.WriteLine($"error: --out: {problem}");
            return ExitCodes.InvalidConfig;
        }

        stdout.WriteLine($"rendered {plan.Items.Length} items of stack '{plan.Settings.StackName}' to {outDir}");
        return ExitCodes.Ok;
    }

    private static int Graph(StackInputResult input, TextWriter stdout, TextWriter stderr)
    {
        if (ReportErrors(input, stderr) is { } code)
        {
            return code;
        }

        stdout.Write(MermaidGraph.For(PlanBuilder.Build(input.Result.Settings!)));
        return ExitCodes.Ok;
    }

    private static int Reference(string workingDirectory, TextWriter stdout, TextWriter stderr)
    {
        var projectDir = StackLoader.FindProjectDirectory(workingDirectory);
        if (projectDir is null)
        {
            stderr.WriteLine($"error: {StackLoader.ProjectFileName}: not found in '{workingDirectory}' or any folder above it");
            return ExitCodes.InvalidConfig;
        }

        var (project, errors) = StackFileReader.ReadProject(Path.Combine(projectDir, StackLoader.ProjectFileName));
        if (project is null || !errors.IsEmpty)
        {
            foreach (var error in errors)
            {
                stderr.WriteLine($"error: {error}");
            }

            return ExitCodes.InvalidConfig;
        }

        stdout.Write(ConfigReference.For(project));
        return ExitCodes.Ok;
    }
}
