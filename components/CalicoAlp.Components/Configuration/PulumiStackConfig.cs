using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;
using Pulumi;

namespace CalicoAlp.Components.Configuration;

/// <summary>The validated settings, and the registry password as the secret Output the engine decrypted.</summary>
public sealed record StackConfig(StackSettings Settings, Output<string>? RegistryPassword);

/// <summary>
/// Hands the stack's whole config, as the Pulumi engine provides it, to the same loader `alp check`
/// uses, so `pulumi up` refuses exactly what `alp check` refuses, before anything is registered.
/// The validated settings go to the component as they are: turning them into typed args only for
/// the component to turn them back would add a second reading that could differ.
/// </summary>
public static class PulumiStackConfig
{
    public static StackConfig Load()
    {
        var raw = EngineConfig.Parse(Pulumi.Deployment.Instance.StackName,
            Environment.GetEnvironmentVariable(EngineConfig.ConfigVariable), Environment.GetEnvironmentVariable(EngineConfig.SecretKeysVariable));
        var result = SettingsLoader.Load(raw);
        if (!result.Ok)
        {
            // RunException ends the program with its message and no stack trace.
            throw new RunException(ComponentSettings.Refusal("the stack's config", result.Errors));
        }

        var password = raw.Values.TryGetValue(ConfigCatalog.Qualified(ConfigKeys.RegistryPassword), out var set) && set.IsSecret
            ? new Pulumi.Config(ConfigCatalog.ProjectName).GetSecret(ConfigKeys.RegistryPassword)
            : null;
        return new StackConfig(result.Settings!, password);
    }
}
