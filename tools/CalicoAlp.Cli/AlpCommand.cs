using System.CommandLine;
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
        var stack = new Option<string?>("--stack", "-s") { Description = "Stack name; reads Pulumi.<stack>.yaml next to Pulumi.yaml." };
        var stackFile = new Option<string?>("--stack-file") { Description = "Read the stack's config from this file instead (the stack name comes from Pulumi.<stack>.yaml or --stack)." };
        var outDir = new Option<string>("--out", "-o") { Description = "Folder to write the rendered objects to.", Required = true };

        var check = new Command("check", "Validate a stack's config and print a one-screen summary.") { stack, stackFile };
        check.SetAction(r => Guarded(stderr, () => Check(Load(r), stdout, stderr)));

        var render = new Command("render", "Write every object the stack registers as YAML, plus plan.json.") { stack, stackFile, outDir };
        render.SetAction(r => Guarded(stderr, () => Render(Load(r), Path.GetFullPath(r.GetValue(outDir)!, workingDirectory), stdout, stderr)));

        var graph = new Command("graph", "Print the plan's components and dependencies as a Mermaid graph.") { stack, stackFile };
        graph.SetAction(r => Guarded(stderr, () => Graph(Load(r), stdout, stderr)));

        var reference = new Command("config-reference", "Print the configuration reference (Markdown) generated from Pulumi.yaml.");
        reference.SetAction(_ => Guarded(stderr, () => Reference(workingDirectory, stdout, stderr)));

        var root = new RootCommand("""
            alp: check and render a calico-alp stack offline.

            Exit codes: 0 valid; 1 a wrong command line; 2 invalid config, or an unwritable --out; 70 a bug in alp.
            """) { check, render, graph, reference };
        // No @file response files: `--stack-file @x` is a file name, not an instruction to read arguments.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });

        StackInputResult Load(ParseResult r) => StackInput.Load(workingDirectory, r.GetValue(stack), r.GetValue(stackFile));
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
