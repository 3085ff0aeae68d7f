using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;
using Pulumi;

namespace CalicoAlp.Components.Configuration;

/// <summary>The validated settings, and the secrets they refer to, still as secret Outputs.</summary>
public sealed record StackConfig(StackSettings Settings, Output<string>? RegistryPassword);

/// <summary>
/// Hands the stack's config, as the Pulumi engine provides it, to the same loader `alp check`
/// uses. Secret values stay Outputs: the loader only learns that they are set.
/// </summary>
public static class PulumiStackConfig
{
    public static StackConfig Load()
    {
        var config = new Pulumi.Config(ConfigCatalog.ProjectName);
        var values = new List<KeyValuePair<string, RawValue>>();
        Output<string>? registryPassword = null;
        foreach (var key in ConfigCatalog.Keys)
        {
            var qualified = ConfigCatalog.Qualified(key.Name);
            if (key.Secret)
            {
                if (config.GetSecret(key.Name) is { } secret)
                {
                    values.Add(new(qualified, RawValue.Secret()));
                    if (key.Name == "registryPassword")
                    {
                        registryPassword = secret;
                    }
                }
            }
            else if (config.Get(key.Name) is { } text)
            {
                values.Add(new(qualified, new RawValue(text)));
            }
        }

        var result = SettingsLoader.Load(RawConfig.Create(Pulumi.Deployment.Instance.StackName, values));
        if (!result.Ok)
        {
            // RunException ends the program with its message and no stack trace.
            throw new RunException($"the stack's config is invalid; nothing was changed:\n{string.Join("\n", result.Errors.Select(e => $"  error: {e}"))}");
        }

        return new StackConfig(result.Settings!, registryPassword);
    }
}
