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
    public static string StackFile(string stack) => stack switch
    {
        "enterprise" => Path.Combine(RepoPaths.Root, "examples", "Pulumi.enterprise.yaml"),
        DevBuild => DevBuildFile.Value,
        _ => Path.Combine(RepoPaths.Root, $"Pulumi.{stack}.yaml"),
    };

    /// <summary>The dev stack with imageSource build: the one variant whose registrations wait for image builds.</summary>
    public const string DevBuild = "dev-build";

    private static readonly Lazy<string> DevBuildFile = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("alp-dev-build-");
        var path = Path.Combine(dir.FullName, $"Pulumi.{DevBuild}.yaml");
        File.WriteAllText(path, File.ReadAllText(Path.Combine(RepoPaths.Root, "Pulumi.dev.yaml"))
            + "  calico-alp:imageSource: build\n  calico-alp:imageRegistry: registry.example.com/platform/calico-alp\n  calico-alp:imageBuilder: calico-alp\n");
        return path;
    });

    public static Task<StackRun> Of(string stack, IDictionary<string, string>? extra = null, IEnumerable<string>? secretKeys = null) =>
        OfFile(stack, StackFile(stack), extra, secretKeys);

    /// <summary>The merged config of Pulumi.yaml and <paramref name="stackFile"/>, as the stack program reads it.</summary>
    public static RawConfig Config(string stack, string stackFile)
    {
        var files = StackFileReader.Read(Path.Combine(RepoPaths.Root, "Pulumi.yaml"), stackFile, stack);
        Assert.True(files.Ok, string.Join("\n", files.Errors));
        return files.Config!;
    }

    /// <summary>
    /// Sets PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS to <paramref name="raw"/> as the language
    /// host sets them, until disposed: every value a JSON string; a secret's plaintext stands in as
    /// a made-up value, listed as secret.
    /// </summary>
    public static IDisposable EngineConfig(RawConfig raw, IDictionary<string, string>? extra = null, IEnumerable<string>? secretKeys = null)
    {
        var config = new JsonObject();
        var secrets = new List<string>(secretKeys ?? []);
        foreach (var (key, value) in raw.Values)
        {
            config[key] = value.IsSecret ? "plaintext-of-" + key : value.Text;
            if (value.IsSecret)
            {
                secrets.Add(key);
            }
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            config[key] = value;
        }

        Environment.SetEnvironmentVariable("PULUMI_CONFIG", config.ToJsonString());
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", JsonSerializer.Serialize(secrets.ToArray()));
        return new EngineConfigScope();
    }

    private sealed class EngineConfigScope : IDisposable
    {
        public void Dispose()
        {
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", null);
            Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", null);
        }
    }

    /// <summary>Runs the program with the merged config of Pulumi.yaml and <paramref name="stackFile"/>, every key of every namespace.</summary>
    public static async Task<StackRun> OfFile(string stack, string stackFile, IDictionary<string, string>? extra = null, IEnumerable<string>? secretKeys = null, RecordingMocks? mocks = null)
    {
        using (EngineConfig(Config(stack, stackFile), extra, secretKeys))
        {
            mocks ??= new RecordingMocks();
            var (resources, outputs) = await Pulumi.Deployment.TestAsync(mocks,
                new TestOptions { ProjectName = ConfigCatalog.ProjectName, StackName = stack, IsPreview = false }, AlpProgram.RunAsync);
            // Outputs that wait for image builds come back as Outputs; tests read their values.
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in outputs)
            {
                values[key] = value is Output<object> pending ? await Pulumi.Utilities.OutputUtilities.GetValueAsync(pending) : value;
            }

            return new StackRun(resources, values, [.. mocks.Registered]);
        }
    }
}
