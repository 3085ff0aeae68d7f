using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;
using Pulumi;

namespace CalicoAlp.Components.Configuration;

/// <summary>The validated settings, and the secrets they refer to, still as secret Outputs.</summary>
public sealed record StackConfig(StackSettings Settings, Output<string>? RegistryPassword);

/// <summary>
/// Hands the stack's whole config, as the Pulumi engine provides it, to the same loader `alp check`
/// uses, so `pulumi up` refuses exactly what `alp check` refuses, before anything is registered.
/// Secret values stay Outputs: the loader only learns that they are set.
/// </summary>
public static class PulumiStackConfig
{
    public static StackConfig Load()
    {
        var raw = EngineConfig.Parse(Pulumi.Deployment.Instance.StackName,
            Environment.GetEnvironmentVariable(EngineConfig.ConfigVariable), Environment.GetEnvironmentVariable(EngineConfig.SecretKeysVariable));
        var registryPassword = raw.Values.TryGetValue(ConfigCatalog.Qualified(ConfigKeys.RegistryPassword), out var password) && password.IsSecret
            ? new Pulumi.Config(ConfigCatalog.ProjectName).GetSecret(ConfigKeys.RegistryPassword)
            : null;

        var result = SettingsLoader.Load(raw);
        if (!result.Ok)
        {
            // RunException ends the program with its message and no stack trace.
            throw new RunException($"the stack's config is invalid; nothing was changed:\n{string.Join("\n", result.Errors.Select(e => $"  error: {e}"))}");
        }

        return new StackConfig(result.Settings!, registryPassword);
    }
}
