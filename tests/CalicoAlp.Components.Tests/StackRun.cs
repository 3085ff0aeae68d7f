using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalicoAlp.Infra;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Tests.Support;
using Pulumi;
using Pulumi.Testing;

namespace CalicoAlp.Components.Tests;

/// <summary>One run of the real program under mocks, with a committed stack's config.</summary>
internal sealed record StackRun(ImmutableArray<Resource> Resources, IDictionary<string, object?> Outputs, IReadOnlyList<MockResourceArgs> Registered)
{
    /// <summary>The committed stacks and the example, by name, with the file each is read from.</summary>
    public static string StackFile(string stack) => stack == "enterprise"
        ? Path.Combine(RepoPaths.Root, "examples", "Pulumi.enterprise.yaml")
        : Path.Combine(RepoPaths.Root, $"Pulumi.{stack}.yaml");

    public static async Task<StackRun> Of(string stack, IDictionary<string, string>? extra = null, IEnumerable<string>? secretKeys = null)
    {
        var files = StackFileReader.Read(Path.Combine(RepoPaths.Root, "Pulumi.yaml"), StackFile(stack), stack);
        Assert.True(files.Ok, string.Join("\n", files.Errors));

        // PULUMI_CONFIG carries every value as a JSON string, as the language host sets it.
        var config = new JsonObject();
        foreach (var (key, value) in files.Config!.Values.Where(v => v.Key.StartsWith(ConfigCatalog.ProjectName + ":", StringComparison.Ordinal)))
        {
            config[key] = value.Text;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            config[key] = value;
        }

        Environment.SetEnvironmentVariable("PULUMI_CONFIG", config.ToJsonString());
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", JsonSerializer.Serialize((secretKeys ?? []).ToArray()));
        try
        {
            var mocks = new RecordingMocks();
            var (resources, outputs) = await Pulumi.Deployment.TestAsync(mocks,
                new TestOptions { ProjectName = ConfigCatalog.ProjectName, StackName = stack, IsPreview = false }, AlpProgram.RunAsync);
            return new StackRun(resources, outputs, [.. mocks.Registered]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", null);
            Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", null);
        }
    }
}
