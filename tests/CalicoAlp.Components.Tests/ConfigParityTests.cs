using CalicoAlp.Cli;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Components.Tests;

/// <summary>`pulumi up` refuses exactly what `alp check` refuses, with the same lines, before anything is registered.</summary>
[Collection(PulumiTestGroup.Name)]
public sealed class ConfigParityTests
{
    public static TheoryData<string> BadConfigs => BadConfigCorpus.Names();

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task The_program_stops_on_every_bad_config_with_the_errors_alp_check_prints(string name)
    {
        var bad = BadConfigCorpus.Get(name);
        using var project = new ScratchProject();
        var (stackFile, checkErrors) = Check(project, bad);

        var files = StackFileReader.Read(Path.Combine(project.Directory, "Pulumi.yaml"), stackFile, "case");
        if (!files.Ok)
        {
            // A file the reader cannot parse never reaches a program: the Pulumi CLI refuses it first.
            Assert.All(files.Errors, e => Assert.StartsWith("Pulumi.case.yaml", e.Key, StringComparison.Ordinal));
            return;
        }

        var mocks = new RecordingMocks();
        var error = await Record.ExceptionAsync(() => StackRun.OfFile("case", stackFile, mocks: mocks));
        Assert.NotNull(error);
        var message = error is AggregateException aggregate ? string.Join("\n", aggregate.InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Equal(checkErrors, ErrorLines(message));
        Assert.Contains($"error: {bad.Key}: ", message, StringComparison.Ordinal);
        Assert.Contains(bad.Expect, message, StringComparison.Ordinal);
        Assert.Empty(mocks.Registered);
    }

    /// <summary>The case as a stack file of a scratch project, and the error lines `alp check` prints for it (exit 2).</summary>
    internal static (string StackFile, string[] ErrorLines) Check(ScratchProject project, BadConfig bad)
    {
        var stackFile = project.WriteStack("case", bad.Stack);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(2, AlpCommand.Run(["check", "--stack", "case"], stdout, stderr, project.Directory));
        var lines = ErrorLines(stderr.ToString());
        Assert.NotEmpty(lines);
        return (stackFile, lines);
    }

    internal static string[] ErrorLines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
