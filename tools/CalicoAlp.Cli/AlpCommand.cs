using System.CommandLine;
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
        var root = new RootCommand($"{CommandLine.Summary}\n\n{CommandLine.ExitCodesLine}");
        // alp's own version, whichever program hosts this code (the default reads the entry assembly's).
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersion(stdout);
        }

        // The options of one verb (each verb its own instances).
        static Option<string> Stack() => new("--stack", "-s") { Description = "Stack name; reads Pulumi.<stack>.yaml next to Pulumi.yaml.", HelpName = "NAME" };
        static Option<string> StackFile() => new("--stack-file")
        {
            Description = "Read the stack's config from this file instead (the stack name comes from Pulumi.<stack>.yaml or --stack).",
            HelpName = "PATH",
        };

        void Verb(string name, string description, Func<ParseResult, Func<StackInputResult>, int> run, params Option<string>[] more)
        {
            var (stack, stackFile) = (Stack(), StackFile());
            var verb = new Command(name, $"{description}\n\n{CommandLine.ExitCodesLine}");
            if (name != "config-reference")
            {
                verb.Options.Add(stack);
                verb.Options.Add(stackFile);
            }

            foreach (var option in more)
            {
                verb.Options.Add(option);
            }

            verb.SetAction(result => CommandLine.Guarded(stderr, name == "doctor" ? "alp doctor" : "alp",
                () => run(result, () => StackInput.Load(workingDirectory, result.GetValue(stack), result.GetValue(stackFile)))));
            root.Subcommands.Add(verb);
        }

        var output = new Option<string>("--out", "-o") { Description = "Folder to write the rendered objects to.", HelpName = "DIR", Required = true };
        var context = new Option<string>("--context") { Description = "Kubeconfig context to check (default: the stack's kubeContext, else the current one).", HelpName = "NAME" };
        var format = new Option<string>("--output") { Description = "How to print the results (default: table).", HelpName = "table|json" };
        Verb("check", "Validate a stack's config and print a one-screen summary.",
            (_, load) => WithPlan(load(), stderr, plan => Print(stdout, Summary.For(plan))));
        Verb("render", "Write every object the stack registers as YAML, plus plan.json.",
            (r, load) => WithPlan(load(), stderr, plan => Render(plan, Path.GetFullPath(r.GetValue(output)!, workingDirectory), stdout, stderr)), output);
        Verb("graph", "Print the plan's components and dependencies as a Mermaid graph.",
            (_, load) => WithPlan(load(), stderr, plan => Print(stdout, MermaidGraph.For(plan))));
        Verb("config-reference", "Print the configuration reference (Markdown) generated from Pulumi.yaml.", (_, _) => Reference(workingDirectory, stdout, stderr));
        Verb("doctor", "Check the real cluster against the stack, read-only, before pulumi up.",
            (r, load) => Doctor.DoctorCommand.Run(load(), r.GetValue(context), r.GetValue(format), stdout, stderr), context, format);

        var initStack = new Option<string>("--stack", "-s") { Description = "Name of the new stack; writes Pulumi.<stack>.yaml beside Pulumi.yaml.", HelpName = "NAME", Required = true };
        var initContext = new Option<string>("--context") { Description = "Kubeconfig context of the cluster (default: the current one).", HelpName = "NAME" };
        var init = new Command("init", $"Write a new stack file for a cluster, read-only: its context, versions and namespaces.\n\n{CommandLine.ExitCodesLine}") { initStack, initContext };
        init.SetAction(r => CommandLine.Guarded(stderr, "alp", () => InitCommand.Run(workingDirectory, r.GetValue(initStack), r.GetValue(initContext), stdout, stderr)));
        root.Subcommands.Add(init);

        // Response files are off: '@' in an argument is a character like any other.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            var verb = parsed.CommandResult.Command == root ? string.Empty : $" {parsed.CommandResult.Command.Name}";
            // The most telling error: an unknown word before the missing command it leaves behind.
            var error = parsed.Errors.OrderBy(e => e.Message.StartsWith("Required command", StringComparison.Ordinal) ? 1 : 0).First();
            stderr.WriteLine($"alp{verb}: {CommandLine.Printable(error.Message)}");
            stderr.WriteLine($"Run 'alp{verb} --help' for {(verb.Length == 0 ? "the commands" : "its options")}.");
            return ExitCodes.Usage;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
    }

    /// <summary>The stack's plan handed to <paramref name="use"/>; when the stack did not load, its errors and their exit code.</summary>
    private static int WithPlan(StackInputResult input, TextWriter stderr, Func<Plan, int> use) =>
        StackInput.ReportErrors(input, stderr, "written") ?? use(PlanBuilder.Build(input.Result.Settings!));

    private static int Print(TextWriter stdout, string text)
    {
        stdout.Write(text);
        return ExitCodes.Ok;
    }

    private static int Render(Plan plan, string outDir, TextWriter stdout, TextWriter stderr)
    {
        if (RenderWriter.Write(plan, outDir) is { } problem)
        {
            stderr.WriteLine($"error: --out: {problem}");
            return ExitCodes.InvalidConfig;
        }

        stdout.WriteLine($"rendered {plan.Items.Length} items of stack '{plan.Settings.StackName}' to {outDir}");
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

    /// <summary>The version every artifact is released under (AlpVersion), with the commit it was built from.</summary>
    public static string Version =>
        typeof(AlpCommand).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;

    private sealed class PrintVersion(TextWriter stdout) : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            stdout.WriteLine(Version);
            return 0;
        }
    }
}
