using System.Collections.Immutable;

namespace CalicoAlp.Stacks.Config;

/// <summary>
/// One config value as the Pulumi engine hands it to a program: text (JSON for arrays and
/// objects), or a secret whose plaintext this process never sees. <see cref="IsStructured"/>
/// is known where the stack file is read (a list or mapping there), so a key declared
/// <c>type: string</c> can refuse one as the Pulumi CLI does.
/// </summary>
public sealed record RawValue(string Text, bool IsSecret = false, bool IsStructured = false)
{
    public static RawValue Secret() => new(string.Empty, IsSecret: true);

    public override string ToString() => IsSecret ? "[secret]" : Text;
}

/// <summary>
/// The config of one stack, keyed by fully qualified key (<c>calico-alp:mode</c>,
/// <c>kubernetes:context</c>). This is the single input both entry points give the loader.
/// </summary>
/// <param name="SecretTexts">
/// Plaintexts of secrets this process was handed (the engine decrypts them into PULUMI_CONFIG):
/// never kept as values, only so that no message ever prints one, wherever else it was typed.
/// </param>
public sealed record RawConfig(string StackName, ImmutableSortedDictionary<string, RawValue> Values, ImmutableArray<SecretText> SecretTexts = default)
{
    /// <summary>The secret plaintexts to keep out of every message: those handed over, and plaintext values of secret keys.</summary>
    public IEnumerable<SecretText> Redactions(Func<string, bool> isSecretKey) =>
        (SecretTexts.IsDefault ? [] : SecretTexts)
            .Concat(Values.Where(v => !v.Value.IsSecret && isSecretKey(v.Key)).Select(v => new SecretText(v.Key, v.Value.Text)))
            .Where(secret => secret.Text.Length > 0)
            .DistinctBy(secret => secret.Text, StringComparer.Ordinal)
            // Longest first, so a secret that contains another is redacted whole; ties keep their order.
            .OrderByDescending(secret => secret.Text.Length);

    public static RawConfig Create(string stackName, IEnumerable<KeyValuePair<string, RawValue>> values) =>
        new(stackName, values.ToImmutableSortedDictionary(StringComparer.Ordinal));
}

/// <summary>A secret's plaintext and the config key it came in: the key may be named, the text never.</summary>
public sealed record SecretText(string Key, string Text)
{
    public override string ToString() => $"[secret {Key}]";
}
