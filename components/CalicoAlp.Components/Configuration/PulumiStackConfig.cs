using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;
using Pulumi;
using Pulumi.Experimental;

namespace CalicoAlp.Components.Configuration;

/// <summary>The validated settings, and the same config as the component's typed args.</summary>
public sealed record StackConfig(StackSettings Settings, ApplicationLayerPolicyArgs Args);

/// <summary>
/// Hands the stack's whole config, as the Pulumi engine provides it, to the same loader `alp check`
/// uses, so `pulumi up` refuses exactly what `alp check` refuses, before anything is registered.
/// The config then becomes the component's args the way a provider's Construct makes them, by
/// the SDK's own deserializer: the stack program is one more user of the typed surface.
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

        var inputs = ComponentInputs.FromRawConfig(raw);
        if (raw.Values.TryGetValue(ConfigCatalog.Qualified(ConfigKeys.RegistryPassword), out var password) && password.IsSecret
            && new Pulumi.Config(ConfigCatalog.ProjectName).Get(ConfigKeys.RegistryPassword) is { } plaintext)
        {
            // As the engine sends a secret to a provider: the deserializer makes it a secret Input.
            inputs = inputs.SetItem(ConfigKeys.RegistryPassword, new PropertyValue(plaintext).WithSecret(true));
        }

        // The SDK marks its serializer obsolete-experimental, yet it is what ComponentProvider.Construct
        // uses; its generic overload only wraps this synchronous call in a Task.
#pragma warning disable CS0618, CA2263
        var args = new PropertyValueSerializer().Deserialize(new PropertyValue(inputs), typeof(ApplicationLayerPolicyArgs));
#pragma warning restore CS0618, CA2263
        return new StackConfig(result.Settings!, (ApplicationLayerPolicyArgs)args!);
    }
}
