using System.Text.RegularExpressions;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Cli.Tests;

/// <summary>The generated documents must say what the tool generates now.</summary>
public sealed partial class GeneratedDocsTests
{
    [GeneratedRegex(@"<!-- BEGIN alp graph --stack dev -->\n```mermaid\n(?<graph>.*?)```\n<!-- END alp graph -->", RegexOptions.Singleline)]
    private static partial Regex GraphBlock();

    [Fact]
    public void The_configuration_reference_matches_pulumi_yaml()
    {
        var run = CliRun.In(RepoPaths.Root, "config-reference");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "configuration.md")), run.Stdout);
    }

    [Fact]
    public void The_configuration_reference_lists_every_declared_key()
    {
        var reference = CliRun.In(RepoPaths.Root, "config-reference").Stdout;
        foreach (var key in CalicoAlp.Stacks.Config.ConfigCatalog.Keys)
        {
            Assert.Contains($"`calico-alp:{key.Name}`", reference, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_readme_picture_is_the_current_graph_of_the_dev_stack()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var block = GraphBlock().Match(readme);
        Assert.True(block.Success, "README.md has no generated graph block");
        Assert.Equal(CliRun.In(RepoPaths.Root, "graph", "--stack", "dev").Stdout, block.Groups["graph"].Value);
    }
}
