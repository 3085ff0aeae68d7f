using System.Collections.Concurrent;
using System.Collections.Immutable;
using CalicoAlp.Components.Configuration;
using CalicoAlp.Infra;
using CalicoAlp.Stacks.Config;
using Pulumi;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using Pulumi.Testing;

namespace CalicoAlp.Components.Tests;

/// <summary>One registered resource as the engine would see it: type, name, inputs, parent and dependencies.</summary>
internal sealed record Registration(string Type, string Name, string Inputs, string Parent, string DependsOn)
{
    public override string ToString() => $"{Type} {Name} parent={Parent} dependsOn=[{DependsOn}]";
}

/// <summary>
/// Runs the component under mocks by one of its two entry points, and records every registration.
/// Parents and dependencies are read from the options each resource was constructed with, by a
/// transformation on the root (the SDK applies it to every descendant) and so before the SDK
/// sends them; inputs come from the mock monitor.
/// </summary>
internal static class ComponentRegistrations
{
    /// <summary>The committed stack's config, as the stack program reads it.</summary>
    public static RawConfig StackConfig(string stack) => StackRun.Config(stack, StackRun.StackFile(stack));

    /// <summary>The stack program's path: the stack's config validated by PulumiStackConfig, then the component from those settings.</summary>
    public static Task<ImmutableArray<Registration>> OfProgram(string stack) => OfProgram(stack, StackConfig(stack));

    /// <summary>The stack program's path with <paramref name="config"/> (one stack through the files of its steps).</summary>
    public static Task<ImmutableArray<Registration>> OfProgram(string stack, RawConfig config) =>
        Record(stack, config, options =>
        {
            var config = PulumiStackConfig.Load();
            _ = new ApplicationLayerPolicy(AlpProgram.RootName, config, options);
            return Task.CompletedTask;
        }, withEngineConfig: true);

    /// <summary>Another language's path: the provider's Construct with the stack's config as inputs.</summary>
    public static Task<ImmutableArray<Registration>> OfConstruct(string stack, ImmutableDictionary<string, PropertyValue> inputs) =>
        Record(stack, StackConfig(stack), async options =>
        {
            var response = await new Provider.AlpComponentProvider().Construct(
                new ConstructRequest(ApplicationLayerPolicy.Type, AlpProgram.RootName, inputs, options), CancellationToken.None);
            Assert.StartsWith("urn:pulumi:", response.Urn.ToString(), StringComparison.Ordinal);
            Assert.Contains("injectionHash", response.Outputs.Keys);
        }, withEngineConfig: false);

    private static async Task<ImmutableArray<Registration>> Record(string stack, RawConfig config, Func<ComponentResourceOptions, Task> run, bool withEngineConfig)
    {
        var seen = new ConcurrentQueue<(Resource Resource, ResourceOptions Options)>();
        var options = new ComponentResourceOptions
        {
#pragma warning disable CS0618 // The in-process transformation is the witness here; the engine-side transforms need an engine.
            ResourceTransformations =
            {
                args =>
                {
                    seen.Enqueue((args.Resource, args.Options));
                    return null;
                },
            },
#pragma warning restore CS0618
        };

        var mocks = new RecordingMocks();
        using (withEngineConfig ? StackRun.EngineConfig(config) : null)
        {
            await Pulumi.Deployment.TestAsync(mocks, new TestOptions { ProjectName = ConfigCatalog.ProjectName, StackName = stack, IsPreview = false }, async () =>
            {
                await run(options);
                return new Dictionary<string, object?>();
            });
        }

        var inputs = mocks.Registered.ToDictionary(r => $"{r.Type}::{r.Name}", r => AlpProgramTests.Canonical(AlpProgramTests.Json(r.Inputs)), StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<Registration>();
        foreach (var (resource, resourceOptions) in seen)
        {
            var type = resource.GetResourceType();
            var name = resource.GetResourceName();
            var dependsOn = await Pulumi.Utilities.OutputUtilities.GetValueAsync(resourceOptions.DependsOn.ToOutput());
            result.Add(new Registration(type, name, inputs.GetValueOrDefault($"{type}::{name}", "(not registered)"),
                resourceOptions.Parent?.GetResourceName() ?? "(stack)",
                string.Join(",", dependsOn.Select(d => d.GetResourceName()).Order(StringComparer.Ordinal))));
        }

        return [.. result.OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }
}
