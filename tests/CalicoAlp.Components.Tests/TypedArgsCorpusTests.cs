using System.Collections.Immutable;
using CalicoAlp.Components.Configuration;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Tests.Support;
using Pulumi.Experimental;

namespace CalicoAlp.Components.Tests;

/// <summary>
/// Every bad configuration of the corpus, expressed through the component instead of a stack
/// file: as the inputs another language's program sends to Construct, and as the typed C# args
/// those inputs deserialize into. Each fails with exactly the lines `alp check` prints for the
/// stack file, unless the C# types cannot hold the value at all; those cases are counted, and
/// each must be one the types refuse (a deserialization error) or cannot carry (the args hold
/// less than was written), never one that quietly passes.
/// </summary>
public sealed class TypedArgsCorpusTests
{
    public static TheoryData<string> Cases => BadConfigCorpus.Names();

    private const string Project = "calico-alp:";

    /// <summary>How a case reached the loader through the component: the two entry points and what stopped the typed one.</summary>
    private enum Outcome
    {
        UnreadableFile,
        OtherNamespace,
        SameThroughInputsAndArgs,
        SameThroughInputsRefusedByTheArgsTypes,
        SameThroughInputsNotHeldByTheArgs,
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_bad_config_fails_through_the_component_with_the_lines_alp_check_prints(string name)
    {
        // Judge asserts the lines; what remains is that only a misspelt namespace stays outside the component.
        var outcome = Judge(name);
        Assert.True(outcome != Outcome.OtherNamespace || IsOutside(name), $"{name}: a key of another namespace, yet the error is about {BadConfigCorpus.Get(name).Key}");
    }

    [Fact]
    public void Most_of_the_corpus_is_expressible_in_the_typed_args_and_every_case_through_the_inputs()
    {
        var outcomes = BadConfigCorpus.All.ToDictionary(c => c.Name, c => Judge(c.Name));
        var counts = outcomes.GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.Count());
        var summary = string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"));

        // Inputs carry no namespace: only a misspelt one (and a file the Pulumi CLI would not read) stays outside.
        Assert.True(counts.GetValueOrDefault(Outcome.OtherNamespace) + counts.GetValueOrDefault(Outcome.UnreadableFile) <= 4, summary);
        Assert.True(counts.GetValueOrDefault(Outcome.SameThroughInputsAndArgs) >= BadConfigCorpus.All.Count * 2 / 3, summary);
    }

    private static bool IsOutside(string name) => !BadConfigCorpus.Get(name).Key.StartsWith(Project, StringComparison.Ordinal);

    private static Outcome Judge(string name)
    {
        var bad = BadConfigCorpus.Get(name);
        using var project = new ScratchProject();
        var (stackFile, checkLines) = ConfigParityTests.Check(project, bad);

        var files = StackFileReader.Read(Path.Combine(project.Directory, "Pulumi.yaml"), stackFile, "case");
        if (!files.Ok)
        {
            return Outcome.UnreadableFile;
        }

        // Engine keys (pulumi:disable-default-providers from Pulumi.yaml) are no one's input; a misspelt namespace is ours.
        if (files.Config!.Values.Keys.Any(k => !k.StartsWith(Project, StringComparison.Ordinal) && ConfigNamespaces.Problem(k) is not null))
        {
            return Outcome.OtherNamespace;
        }

        var raw = files.Config;
        var inputs = ComponentInputs.FromRawConfig(raw);
        foreach (var (key, _) in raw.Values.Where(v => v.Value.IsSecret))
        {
            inputs = inputs.SetItem(key[Project.Length..], new PropertyValue("secret-from-the-program").WithSecret(true));
        }

        var throughInputs = Lines(ComponentSettings.Load("case", inputs));
        Assert.Equal(checkLines, throughInputs);

        ApplicationLayerPolicyArgs args;
        try
        {
#pragma warning disable CS0618, CA2263 // The deserializer ComponentProvider.Construct uses.
            args = (ApplicationLayerPolicyArgs)new PropertyValueSerializer().Deserialize(new PropertyValue(inputs), typeof(ApplicationLayerPolicyArgs))!;
#pragma warning restore CS0618, CA2263
        }
        catch (InvalidOperationException)
        {
            return Outcome.SameThroughInputsRefusedByTheArgsTypes;
        }

        // What the loader would see from each: a value the args could not hold is missing or changed there.
        var held = ComponentInputs.FromArgs(args);
        if (!ComponentInputs.ToRawConfig("case", held).Config.Values.SequenceEqual(ComponentInputs.ToRawConfig("case", inputs).Config.Values))
        {
            return Outcome.SameThroughInputsNotHeldByTheArgs;
        }

        Assert.Equal(checkLines, Lines(ComponentSettings.Load("case", held)));
        return Outcome.SameThroughInputsAndArgs;
    }

    private static string[] Lines(Stacks.Loading.LoadResult result) =>
        ConfigParityTests.ErrorLines(string.Join("\n", result.Errors.Select(e => $"error: {e}")));
}
