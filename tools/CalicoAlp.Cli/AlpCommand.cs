using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Cli;

/// <summary>`alp check | render | graph | config-reference` offline, and `alp doctor` against a cluster, read-only.</summary>
public static class AlpCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        var command = CommandLine.Parse(args);
        if (CommandLine.Answered(command, typeof(AlpCommand), stdout, stderr) is { } answered)
        {
            return answered;
        }

        StackInputResult Load() => StackInput.Load(workingDirectory, command.Value(CommandLine.Stack.Name), command.Value(CommandLine.StackFile.Name));
        return command.Verb!.Name switch
        {
            "check" => CommandLine.Guarded(stderr, "alp", () => Check(Load(), stdout, stderr)),
            "render" => CommandLine.Guarded(stderr, "alp", () => Render(Load(), Path.GetFullPath(command.Value(CommandLine.Out.Name)!, workingDirectory), stdout, stderr)),
            "graph" => CommandLine.Guarded(stderr, "alp", () => Graph(Load(), stdout, stderr)),
            "config-reference" => CommandLine.Guarded(stderr, "alp", () => Reference(workingDirectory, stdout, stderr)),
            "doctor" => Doctor.DoctorProgram.Run(args, stdout, stderr, workingDirectory),
            var other => throw new InvalidOperationException($"the verb {other} has no action"),
        };
    }


    private static int Check(StackInputResult input, TextWriter stdout, TextWriter stderr)
    {
        if (StackInput.ReportErrors(input, stderr, "written") is { } code)
        {
            return code;
        }

        var plan = PlanBuilder.Build(input.Result.Settings!);
        stdout.Write(Summary.For(plan));
        return ExitCodes.Ok;
    }

    private static int Render(StackInputResult input, string outDir, TextWriter stdout, TextWriter stderr)
    {
        if (StackInput.ReportErrors(input, stderr, "written") is { } code)
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
        if (StackInput.ReportErrors(input, stderr, "written") is { } code)
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
