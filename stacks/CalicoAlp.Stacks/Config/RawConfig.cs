using System.Collections.Immutable;

namespace CalicoAlp.Stacks.Config;

/// <summary>
/// One config value as the Pulumi engine hands it to a program: text (JSON for arrays and
/// objects), or a secret whose plaintext this process never sees.
/// </summary>
public sealed record RawValue(string Text, bool IsSecret = false)
{
    public static RawValue Secret() => new(string.Empty, IsSecret: true);

    public override string ToString() => IsSecret ? "[secret]" : Text;
}

/// <summary>
/// The config of one stack, keyed by fully qualified key (<c>calico-alp:mode</c>,
/// <c>kubernetes:context</c>). This is the single input both entry points give the loader.
/// </summary>
public sealed record RawConfig(string StackName, ImmutableSortedDictionary<string, RawValue> Values)
{
    public static RawConfig Create(string stackName, IEnumerable<KeyValuePair<string, RawValue>> values) =>
        new(stackName, values.ToImmutableSortedDictionary(StringComparer.Ordinal));
}
