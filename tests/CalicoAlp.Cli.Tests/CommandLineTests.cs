using CalicoAlp.Tests.Support;

namespace CalicoAlp.Cli.Tests;

/// <summary>The command line (System.CommandLine): every form it accepts, and one clear line for each it refuses.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("check", "--stack", "dev")]
    [InlineData("check", "-s", "dev")]
    [InlineData("check", "--stack=dev")]
    [InlineData("check", "--stack-file", "Pulumi.dev.yaml")]
    [InlineData("check", "--stack-file=Pulumi.dev.yaml", "--stack", "dev")]
    public void Every_spelling_of_an_option_reads_the_same_stack(params string[] args)
    {
        var run = CliRun.In(RepoPaths.Root, args);
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Stderr));
        Assert.StartsWith("stack 'dev' is valid", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "deploy", "--stack", "dev" }, "alp: Unrecognized command or argument 'deploy'.")]
    [InlineData(new[] { "check", "--stack" }, "alp check: Required argument missing for option: '--stack'.")]
    [InlineData(new[] { "check", "--stack", "dev", "--stack", "prod" }, "alp check: Option '--stack' expects a single argument but 2 were provided.")]
    [InlineData(new[] { "check", "--out", "x", "--stack", "dev" }, "alp check: Unrecognized command or argument '--out'.")]
    [InlineData(new[] { "check", "dev" }, "alp check: Unrecognized command or argument 'dev'.")]
    [InlineData(new[] { "render", "--stack", "dev" }, "alp render: Option '--out' is required.")]
    [InlineData(new[] { "config-reference", "--stack", "dev" }, "alp config-reference: Unrecognized command or argument '--stack'.")]
    [InlineData(new[] { "check", "--st\u001b[31mack", "dev" }, "alp check: Unrecognized command or argument '--st\\u001b[31mack'.")]
    [InlineData(new string[0], "alp: Required command was not provided.")]
    public void A_wrong_command_line_is_exit_1_with_one_line_naming_the_problem_and_where_help_is(string[] args, string expected)
    {
        var run = CliRun.In(RepoPaths.Root, args);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Run 'alp", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Render_needs_out_before_it_reads_or_writes_anything()
    {
        var run = CliRun.In(RepoPaths.Root, "render", "--stack", "does-not-exist");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Option '--out' is required", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("does-not-exist", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "--stack")]
    [InlineData("render", "--out")]
    [InlineData("graph", "--stack-file")]
    [InlineData("config-reference", "Markdown")]
    public void Each_verb_has_help_naming_its_options_and_the_exit_codes(string verb, string mentions)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var run = CliRun.In(RepoPaths.Root, verb, flag);
            Assert.Equal((0, string.Empty), (run.ExitCode, run.Stderr));
            // The usage line names the running executable: alp, or the test host in process.
            Assert.Contains($" {verb} ", run.Stdout, StringComparison.Ordinal);
            Assert.Contains(mentions, run.Stdout, StringComparison.Ordinal);
            Assert.Contains("Exit codes: 0 valid;", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Help_marks_out_as_required_and_lists_every_verb()
    {
        Assert.Contains("(REQUIRED)", CliRun.In(RepoPaths.Root, "render", "--help").Stdout, StringComparison.Ordinal);
        var root = CliRun.In(RepoPaths.Root, "--help").Stdout;
        foreach (var verb in new[] { "check", "render", "graph", "config-reference" })
        {
            Assert.Contains($"  {verb} ", root, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Version_prints_the_informational_version_alone()
    {
        var run = CliRun.In(RepoPaths.Root, "--version");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Stderr));
        Assert.Matches(@"\A\d+\.\d+\.\d+\S*\n\z", run.Stdout);
    }

    [Fact]
    public void Alp_carries_the_one_version_every_artifact_is_released_under()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        var version = props.Descendants("AlpVersion").Single().Value;
        var run = CliRun.In(RepoPaths.Root, "--version");
        Assert.StartsWith(version + "+", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_equals_sign_inside_a_value_is_kept()
    {
        var run = CliRun.In(RepoPaths.Root, "check", "--stack=a=b");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'a=b' is not a stack name", run.Stderr, StringComparison.Ordinal);
    }
}
