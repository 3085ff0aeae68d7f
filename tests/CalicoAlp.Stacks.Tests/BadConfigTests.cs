using CalicoAlp.Stacks.Loading;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Stacks.Tests;

public sealed class BadConfigTests
{
    public static TheoryData<string> Cases => BadConfigCorpus.Names();

    [Fact]
    public void The_corpus_holds_at_least_forty_distinct_bad_configurations()
    {
        Assert.True(BadConfigCorpus.All.Count >= 40, $"only {BadConfigCorpus.All.Count} cases");
        Assert.Equal(BadConfigCorpus.All.Count, BadConfigCorpus.All.Select(c => c.Stack).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_bad_configuration_is_rejected_with_an_error_naming_its_key(string name)
    {
        var bad = BadConfigCorpus.Get(name);
        using var project = new ScratchProject();
        project.WriteStack("case", bad.Stack);

        var result = StackLoader.FromFiles(project.Directory, "case");

        Assert.False(result.Ok);
        Assert.Null(result.Settings);
        var matching = result.Errors.Where(e => e.Key == bad.Key).ToList();
        Assert.True(matching.Count > 0, $"no error for {bad.Key}; got:\n{string.Join("\n", result.Errors)}");
        Assert.Contains(matching, e => e.Message.Contains(bad.Expect, StringComparison.Ordinal));
    }
}
