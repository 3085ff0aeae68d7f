using System.Collections.Immutable;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Validation;
using Pulumi.Experimental;

namespace CalicoAlp.Components.Configuration;

/// <summary>
/// The component's settings from its inputs, by the loader <c>alp check</c> runs. Whatever the
/// inputs came from (typed args, another language's SDK, a stack's config), a bad value fails
/// here with the loader's key-path message, before the component registers anything.
/// </summary>
public static class ComponentSettings
{
    public static LoadResult Load(string stackName, IReadOnlyDictionary<string, PropertyValue> inputs)
    {
        var (raw, unknown) = ComponentInputs.ToRawConfig(stackName, inputs);
        var result = SettingsLoader.Load(raw);
        if (unknown.IsEmpty)
        {
            return result;
        }

        // The loader judged the rest; an unknown value adds its own error to whatever it found.
        var errors = unknown.Select(name => new ConfigError(ConfigCatalog.Qualified(name),
            "the value is not known before the deployment (an output of another resource); the settings decide which resources exist, so each must be a plain value"));
        return LoadResult.Failed(result.Errors.Concat(errors).OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    /// <summary>The whole refusal, one error per line, as the stack program prints it.</summary>
    public static string Refusal(string subject, ImmutableArray<ConfigError> errors) =>
        $"{subject} is invalid; nothing was changed:\n{string.Join("\n", errors.Select(e => $"  error: {e}"))}";
}
