using CalicoAlp.Tests.Support;

namespace CalicoAlp.Cli.Tests;

public sealed class CheckCommandTests
{
    public static TheoryData<string> BadConfigs => BadConfigCorpus.Names();

    [Theory]
    [InlineData("dev", "non-production (guardrails off)", "mTLS PERMISSIVE")]
    [InlineData("prod", "production (guardrails on)", "mTLS STRICT")]
    public void Check_accepts_the_committed_stacks_with_a_one_screen_summary(string stack, string environment, string mtls)
    {
        var run = CliRun.In(RepoPaths.Root, "check", "--stack", stack);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.StartsWith($"stack '{stack}' is valid", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(environment, run.Stdout, StringComparison.Ordinal);
        Assert.Contains(mtls, run.Stdout, StringComparison.Ordinal);
        Assert.True(run.Stdout.Split('\n').Length <= 24, "the summary must fit one screen");
    }

    [Fact]
    public void Check_of_prod_warns_that_its_registry_and_digests_are_placeholders()
    {
        var run = CliRun.In(RepoPaths.Root, "check", "--stack", "prod");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: imageRegistry: 'registry.example.com/platform/calico-alp' is a documentation placeholder", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("placeholder", CliRun.In(RepoPaths.Root, "check", "--stack", "dev").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_finds_the_project_from_a_subfolder_as_pulumi_does()
    {
        var run = CliRun.In(Path.Combine(RepoPaths.Root, "stacks"), "check", "--stack", "dev");
        Assert.Equal(0, run.ExitCode);
    }

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Every_bad_configuration_exits_2_naming_the_key_without_a_stack_trace(string name)
    {
        var bad = BadConfigCorpus.Get(name);
        using var project = new ScratchProject();
        project.WriteStack("case", bad.Stack);

        var run = CliRun.In(project.Directory, "check", "--stack", "case");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {bad.Key}: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(bad.Expect, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.False(run.PrintedStackTrace, run.Stderr);
    }

    [Theory]
    [InlineData(null, "file not found")]
    [InlineData("", "the file is empty")]
    [InlineData("config: {calico-alp:mode: [", "malformed YAML")]
    public void A_missing_empty_or_malformed_stack_file_exits_2_naming_the_file(string? text, string expect)
    {
        using var project = new ScratchProject();
        if (text is not null)
        {
            project.WriteStack("broken", text);
        }

        // A named stack without its file is a command-line mistake (exit 1, tested above); a stack file given by path is read.
        var run = CliRun.In(project.Directory, "check", "--stack-file", Path.Combine(project.Directory, "Pulumi.broken.yaml"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: Pulumi.broken.yaml", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(expect, run.Stderr, StringComparison.Ordinal);
        Assert.False(run.PrintedStackTrace);
    }

    [Fact]
    public void Stack_file_reads_a_stack_from_anywhere_and_takes_its_name_from_the_file()
    {
        using var elsewhere = new ScratchProject();
        var path = elsewhere.WriteStack("staging", "config:\n  calico-alp:environment: non-production\n");
        var run = CliRun.In(RepoPaths.Root, "check", "--stack-file", path);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("stack 'staging' is valid", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_enterprise_example_checks_clean_through_stack_file()
    {
        var run = CliRun.In(RepoPaths.Root, "check", "--stack-file", Path.Combine("examples", "Pulumi.enterprise.yaml"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("mode            enterprise", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("http policies   tradingapp-read-only", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upgrade", "Pulumi.step2.yaml", "istio tags      canary -> 1-31-0, prod-stable -> 1-30-4", "alp-demo (existing, per workload: frontend, tag canary)")]
    [InlineData("migrate", "Pulumi.step1.yaml", "revisions default (1.30.4), 1-31-0 (1.31.0)", "alp-demo (existing, per workload: frontend, tag 1-31-0)")]
    [InlineData("beside", "Pulumi.beside.yaml", "istio-system existing, CRDs existing (never installed or deleted)", "payments (existing, per workload: payments-api, egress restricted, tag alp)")]
    public void The_revision_examples_check_clean_and_say_what_each_namespace_enrols_by(string example, string file, string istio, string ns)
    {
        var run = CliRun.In(RepoPaths.Root, "check", "--stack", example, "--stack-file", Path.Combine("examples", example, file));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains(istio, run.Stdout, StringComparison.Ordinal);
        Assert.Contains(ns, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_without_a_stack_explains_what_to_pass()
    {
        var run = CliRun.In(RepoPaths.Root, "check");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: --stack: missing; pass --stack NAME (reads Pulumi.NAME.yaml) or --stack-file PATH; stacks here: dev, prod\n", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_stack_lists_the_stacks_and_suggests_the_nearest_with_exit_1()
    {
        var run = CliRun.In(RepoPaths.Root, "check", "--stack", "dve");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: --stack: 'dve' has no Pulumi.dve.yaml beside Pulumi.yaml; stacks here: dev, prod (did you mean 'dev'?)\n", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../etc/passwd", "'../etc/passwd' is not a stack name")]
    [InlineData("/../../outside", "'/../../outside' is not a stack name")]
    [InlineData("a b\n../x", "'a b\\n../x' is not a stack name")]
    [InlineData("$(id)", "'$(id)' is not a stack name")]
    [InlineData("..", "'..' is not a stack name")]
    public void A_stack_name_pulumi_would_not_accept_is_refused_before_any_file_is_read(string name, string expect)
    {
        var run = CliRun.In(RepoPaths.Root, "check", "--stack", name);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: --stack: {expect}; expected letters, digits, '-', '_' and '.', at most 100 characters", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_stack_file_outside_the_repository_finds_the_pulumi_yaml_beside_it()
    {
        using var elsewhere = new ScratchProject();
        var path = elsewhere.WriteStack("staging", "config:\n  calico-alp:environment: non-production\n");
        var nowhere = Directory.CreateTempSubdirectory("alp-cwd-");
        try
        {
            var run = CliRun.In(nowhere.FullName, "check", "--stack-file", path);
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.StartsWith("stack 'staging' is valid", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            nowhere.Delete();
        }
    }

    [Fact]
    public void An_at_sign_is_a_file_name_not_a_response_file()
    {
        var run = CliRun.In(RepoPaths.Root, "check", "--stack-file", "@Pulumi.dev.yaml");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot tell the stack name from '@Pulumi.dev.yaml'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unrecognized", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config:\n  calico-alp:mode: Enterprise\n  calico-alp:calicoVersion: v3.20.7\n  calico-alp:applicationLayer:\n    applicationLayerPolicy: Enabled\n",
        "error: calico-alp:mode: 'Enterprise' is not allowed; expected one of: istio, enterprise (did you mean 'enterprise'?)")]
    [InlineData("config:\n  calico-alp:environment: dev\n",
        "error: calico-alp:environment: 'dev' is not allowed; expected one of: production, non-production")]
    public void One_wrong_enum_is_one_error_not_a_cascade_from_its_fallback(string stack, string only)
    {
        using var project = new ScratchProject();
        project.WriteStack("one", stack);
        var run = CliRun.In(project.Directory, "check", "--stack", "one");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{only}\nalp: 1 error; nothing was written\n", run.Stderr);
    }

    [Fact]
    public void Help_lists_the_exit_codes()
    {
        var run = CliRun.In(RepoPaths.Root, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Exit codes: 0 valid; 1 a wrong command line; 2 invalid config, an unwritable --out, or a failing doctor check; 70 a bug in alp.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_a_project_alp_says_where_it_looked()
    {
        var empty = Directory.CreateTempSubdirectory("alp-none-");
        try
        {
            var run = CliRun.In(empty.FullName, "check", "--stack", "dev");
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("Pulumi.yaml: not found", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_unknown_verb_is_a_usage_error()
    {
        var run = CliRun.In(RepoPaths.Root, "deploy", "--stack", "dev");
        Assert.Equal(1, run.ExitCode);
        Assert.False(run.PrintedStackTrace);
    }
}
