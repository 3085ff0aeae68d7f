using System.Text.RegularExpressions;
using CalicoAlp.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CalicoAlp.Cli.Tests;

/// <summary>Least privilege in the workflows: pull request code never reads a production secret unreviewed.</summary>
public sealed partial class WorkflowSecretsTests
{
    [GeneratedRegex(@"secrets\.(?<name>[A-Za-z0-9_]+)")]
    private static partial Regex SecretUse();

    private const string SameRepository = "github.event.pull_request.head.repo.full_name == github.repository";

    private static IEnumerable<string> Names() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, ".github", "workflows"), "*.yml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static TheoryData<string> Workflows()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names())
        {
            data.Add(name);
        }

        return data;
    }

    public static TheoryData<string> PullRequestWorkflows()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names().Where(n => ((YamlMappingNode)Load(n)[new YamlScalarNode("on")]).Children.ContainsKey("pull_request")))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void No_workflow_runs_fork_code_with_the_repositorys_secrets(string workflow) =>
        Assert.False(((YamlMappingNode)Load(workflow)[new YamlScalarNode("on")]).Children.ContainsKey("pull_request_target"),
            $"{workflow}: pull_request_target runs fork code with the repository's secrets");

    private static YamlMappingNode Load(string name)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(RepoPaths.Root, ".github", "workflows", name))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Text(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_job_that_reads_a_secret_gets_it_from_an_environment(string workflow)
    {
        var jobs = (YamlMappingNode)Load(workflow)["jobs"];
        foreach (var (name, job) in jobs.Children)
        {
            var secrets = SecretUse().Matches(Text(job)).Select(m => m.Groups["name"].Value).Where(s => s != "GITHUB_TOKEN").ToList();
            if (secrets.Count > 0)
            {
                Assert.True(((YamlMappingNode)job).Children.ContainsKey("environment"), $"{workflow}: job {name} reads {string.Join(", ", secrets)} without an environment");
                Assert.DoesNotContain(secrets, s => s.Contains("PROD", StringComparison.Ordinal));
            }
        }
    }

    [Theory]
    [MemberData(nameof(PullRequestWorkflows))]
    public void Pull_request_code_reads_secrets_only_from_this_repository_and_prod_only_behind_reviewers(string workflow)
    {
        var root = Load(workflow);

        foreach (var (name, job) in ((YamlMappingNode)root["jobs"]).Children)
        {
            var text = Text(job);
            if (!SecretUse().Matches(text).Any(m => m.Groups["name"].Value != "GITHUB_TOKEN"))
            {
                continue;
            }

            var map = (YamlMappingNode)job;
            Assert.True(map.Children.TryGetValue("if", out var condition) && ((YamlScalarNode)condition).Value!.Contains(SameRepository, StringComparison.Ordinal),
                $"{workflow}: job {name} reads secrets for pull requests from forks too");
            var environments = Regex.Matches(text, @"environment: (?<env>[\w-]+)").Select(m => m.Groups["env"].Value).ToList();
            Assert.NotEmpty(environments);
            Assert.All(environments.Where(e => e.Contains("prod", StringComparison.Ordinal)), e => Assert.Equal("production-preview", e));
        }
    }

    [Fact]
    public void The_check_would_catch_the_old_preview_that_handed_prod_credentials_to_any_pull_request()
    {
        var old = "KUBECONFIG_DATA: ${{ matrix.stack == 'prod' && secrets.KUBECONFIG_PROD || secrets.KUBECONFIG_DEV }}";
        Assert.Contains(SecretUse().Matches(old).Select(m => m.Groups["name"].Value), s => s.Contains("PROD", StringComparison.Ordinal));
    }
}
