using CalicoAlp.Components;
using CalicoAlp.Components.Configuration;
using CalicoAlp.Manifests.Output;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.Infra;

/// <summary>
/// The Pulumi program: settings, then the Plan, then the components, then the outputs. The same
/// Plan is what `alp render` prints.
/// </summary>
public static class AlpProgram
{
    public const string RootName = "calico-alp";

    public static Task<IDictionary<string, object?>> RunAsync()
    {
        var config = PulumiStackConfig.Load();
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
