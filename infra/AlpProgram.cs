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
        _ = new ApplicationLayerPolicy(RootName, new ApplicationLayerPolicyArgs(plan, config.RegistryPassword));
        IDictionary<string, object?> outputs = StackOutputs.For(plan).ToDictionary(o => o.Key, o => (object?)o.Value, StringComparer.Ordinal);
        return Task.FromResult(outputs);
    }
}
