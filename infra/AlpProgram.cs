using CalicoAlp.Components;
using CalicoAlp.Components.Configuration;
using CalicoAlp.Manifests.Output;
using CalicoAlp.Doctor;
using CalicoAlp.Manifests.Planning;
using Pulumi;

namespace CalicoAlp.Infra;

/// <summary>
/// The Pulumi program: settings, then the Plan, then the components, then the outputs. The same
/// Plan is what `alp render` prints.
/// </summary>
public static class AlpProgram
{
    public const string RootName = "calico-alp";

    /// <summary>
    /// What `pulumi preview` and `pulumi up` run: alp doctor's checks of the cluster first (unless
    /// clusterChecks is false), then the program. Under Pulumi's mocks, tests call
    /// <see cref="RunAsync"/>, which reads no cluster.
    /// </summary>
    public static async Task<IDictionary<string, object?>> RunCheckedAsync()
    {
        var config = PulumiStackConfig.Load();
        if (await ClusterGate.ProblemAsync(config.Settings).ConfigureAwait(false) is { } problem)
        {
            // RunException ends the program with its message and no stack trace, before any resource is registered.
            throw new RunException(problem);
        }

        return await RunAsync(config).ConfigureAwait(false);
    }

    public static Task<IDictionary<string, object?>> RunAsync() => RunAsync(PulumiStackConfig.Load());

    private static Task<IDictionary<string, object?>> RunAsync(StackConfig config)
    {
        var plan = PlanBuilder.Build(config.Settings);
        var alp = new ApplicationLayerPolicy(RootName, new ApplicationLayerPolicyArgs(plan, config.RegistryPassword));
        var planned = StackOutputs.For(plan);
        if (plan.BuiltImages.IsEmpty)
        {
            return Task.FromResult<IDictionary<string, object?>>(planned.ToDictionary(o => o.Key, o => (object?)o.Value, StringComparer.Ordinal));
        }

        // With built images, the outputs wait for the builds: they show what was pushed, not placeholders.
        var built = alp.BuiltImageRefs.Apply(refs => StackOutputs.For(plan, refs));
        IDictionary<string, object?> outputs = planned.Keys.ToDictionary(key => key, key => (object?)built.Apply(o => o[key]), StringComparer.Ordinal);
        return Task.FromResult(outputs);
    }
}
