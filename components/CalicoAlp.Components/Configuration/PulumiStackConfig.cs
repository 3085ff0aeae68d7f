using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;
using Pulumi;

namespace CalicoAlp.Components.Configuration;

/// <summary>
/// Hands the stack's config, as the Pulumi engine provides it, to the same loader `alp check`
/// uses. Secret values stay Outputs: the loader only learns that they are set.
/// </summary>
public static class PulumiStackConfig
{
    public static StackSettings Load()
    {
        var config = new Pulumi.Config(ConfigCatalog.ProjectName);
        var values = new List<KeyValuePair<string, RawValue>>();
        foreach (var key in ConfigCatalog.Keys)
        {
            var qualified = ConfigCatalog.Qualified(key.Name);
            if (key.Secret)
            {
                if (config.GetSecret(key.Name) is not null)
                {
                    values.Add(new(qualified, RawValue.Secret()));
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

        return result.Settings!;
    }
}
