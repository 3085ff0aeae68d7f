using CalicoAlp.Tests.Support;

namespace CalicoAlp.Cli.Tests;

/// <summary>Each seed of the hostile corpus (tests/data/hostile) gets exactly the message reviewed beside it.</summary>
public sealed class HostileCorpusTests
{
    public static string CorpusFolder => Path.Combine(RepoPaths.Root, "tests", "data", "hostile");

    public static TheoryData<string> Seeds()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CorpusFolder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    [Fact]
    public void Every_row_of_the_issue_that_is_a_file_has_a_seed()
    {
        var rows = Directory.GetFiles(CorpusFolder, "*.yaml").Select(f => Path.GetFileName(f)[..5]).ToHashSet(StringComparer.Ordinal);
        foreach (var row in new[] { "row01", "row03", "row04", "row06", "row07", "row08", "row09", "row11", "row12", "row13" })
        {
            Assert.Contains(row, rows);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Each_seed_prints_exactly_its_reviewed_message_and_exits_2(string seed)
    {
        var expected = File.ReadAllText(Path.Combine(CorpusFolder, Path.ChangeExtension(seed, ".expected")));
        var run = CliRun.In(RepoPaths.Root, "check", "--stack", "case", "--stack-file", Path.Combine("tests", "data", "hostile", seed));
        Assert.Equal((2, string.Empty, expected), (run.ExitCode, run.Stdout, run.Stderr));
        Assert.DoesNotContain("Hunter2", run.Stderr, StringComparison.Ordinal);
        Assert.All(run.Stderr.TrimEnd('\n').Split('\n'), line => Assert.DoesNotContain(line, char.IsControl));
    }
}
