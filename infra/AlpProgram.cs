using CalicoAlp.Components;
using CalicoAlp.Components.Configuration;
using CalicoAlp.Doctor;
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
        var alp = new ApplicationLayerPolicy(RootName, config);
        // The stack outputs are the component's; with built images they wait for the builds.
        IDictionary<string, object?> outputs = alp.OutputNames.ToDictionary(key => key, key => (object?)alp.StackOutputs.Apply(o => o[key]), StringComparer.Ordinal);
        return Task.FromResult(outputs);
    }
}
