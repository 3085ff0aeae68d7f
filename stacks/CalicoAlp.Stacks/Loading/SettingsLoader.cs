using System.Collections.Immutable;
using System.Text.Json;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Stacks.Loading;

/// <summary>
/// Turns raw config (as the Pulumi engine or the offline reader provides it) into validated
/// <see cref="StackSettings"/>, collecting every error before giving up.
/// </summary>
public static class SettingsLoader
{

    /// <param name="today">The day end-of-life dates are judged against; the machine's UTC date unless given (tests pin it).</param>
    public static LoadResult Load(RawConfig raw, DateOnly? today = null)
    {
        var reader = new ConfigReader(raw);
        CheckKeys(raw, reader);

        var environment = reader.Enum(ConfigKeys.Environment, ConfigSpellings.Environments);
        var mode = reader.Enum(ConfigKeys.Mode, ConfigSpellings.Modes);
        var alpEnabled = reader.Boolean(ConfigKeys.ApplicationLayerPolicy);
        if (mode == AlpMode.Enterprise && !alpEnabled)
        {
            reader.Error(ConfigReader.PathOf(ConfigKeys.ApplicationLayerPolicy),
                "'false' is only for istio mode, where it keeps Istio; in enterprise mode switch ALP off with pulumi destroy");
        }

        var protect = reader.Boolean(ConfigKeys.Protect);
        var cluster = new ClusterSettings(PlatformReaders.Version(reader, ConfigKeys.KubernetesVersion, "a Kubernetes minor version such as 1.35"), reader.OptionalString(ConfigKeys.KubeContext),
            reader.Boolean(ConfigKeys.ClusterChecks));
        var calico = PlatformReaders.Calico(reader);
        var istio = PlatformReaders.Istio(reader);
        var authz = new AuthzSettings(reader.Enum(ConfigKeys.AuthzFailureMode, ConfigSpellings.FailureModes), reader.Integer(ConfigKeys.AuthzTimeoutMs, 1, 10_000));
        var dikastes = new DikastesSettings(reader.Boolean(ConfigKeys.DikastesDebug), DikastesReader.Resources(reader));
        var images = ImageSettingsReader.Read(reader, raw, mode, calico.VersionText, istio.Version.ToString(), istio.ByRevision);
        var namespaces = NamespaceReader.Read(reader, mode);
        var dns = DnsEgressReader.Read(reader);
        istio = IstioRevisionsReader.CheckUse(reader, mode, istio, namespaces, images);
        var overrides = ReadOverrides(reader);
        var applicationLayer = ApplicationLayerReader.Read(reader);

        var warnings = new List<string>();
        var policies = ReadHttpPolicies(reader, mode, calico, alpEnabled, warnings);
        // Follow-on rules run only on inputs that were read: after an unreadable mode or environment
        // the fallback value would produce errors about a stack nobody wrote.
        var modeKnown = !reader.Failed(ConfigKeys.Mode);
        if (modeKnown && mode == AlpMode.Enterprise)
        {
            ModeExclusivity.CheckNoIstioSettings(reader, namespaces);
        }
        else if (modeKnown)
        {
            ModeExclusivity.CheckNoEnterpriseSettings(reader, namespaces);
        }

        if (modeKnown)
        {
            CompatibilityCheck.Check(reader, mode, calico, istio, cluster, environment, overrides,
                today ?? DateOnly.FromDateTime(DateTime.UtcNow), warnings);
        }

        if (modeKnown && !reader.Failed(ConfigKeys.Environment))
        {
            Guardrails.Check(reader, environment, mode, protect, istio, authz, images, namespaces, overrides, warnings);
        }

        if (calico.PolicySyncPathPrefix != PlatformReaders.DefaultPolicySyncPathPrefix && calico.InstallType != CalicoInstallType.Operator)
        {
            warnings.Add($"policySyncPathPrefix: '{calico.PolicySyncPathPrefix}' differs from {PlatformReaders.DefaultPolicySyncPathPrefix}, which the CSI driver and calico-node's hostPath assume");
        }

        if (images.Registry is { } registry && ImageSettingsReader.IsPlaceholderRegistry(registry))
        {
            warnings.Add($"imageRegistry: '{registry}' is a documentation placeholder (example domains are reserved, RFC 2606), and the digests beside it are made up; replace both with your own registry's before pulumi up");
        }

        foreach (var ns in namespaces.Where(n => n.Enrolment == Enrolment.Namespace && n.Workloads.IsEmpty))
        {
            warnings.Add($"namespaces: '{ns.Name}' is enrolled namespace-wide but lists no workloads, so running pods get Dikastes only when they are next recreated");
        }

        // A secret's plaintext may also have been typed as another value (a namespace name, say); no message shows it.
        var secrets = raw.Redactions(key => key.StartsWith(ConfigCatalog.ProjectName + ":", StringComparison.Ordinal)
            && ConfigCatalog.Find(key[(ConfigCatalog.ProjectName.Length + 1)..])?.Secret == true).ToArray();
        // Redaction replaces a secret's text wherever it appears; a short one appears everywhere, and its gaps would show it.
        // (A plaintext value of a secret key is refused as such: it is no secret.)
        var handed = raw.SecretTexts.IsDefault ? [] : raw.SecretTexts;
        if (handed.Where(s => s.Text.Length is > 0 and < MinSecretLength).Select(s => s.Key).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } shortKeys)
        {
            return LoadResult.Failed(shortKeys.Select(key => new ConfigError(key,
                $"the secret is shorter than {MinSecretLength} characters, too short to keep out of every message; use a longer one")));
        }

        var redactions = secrets.Select(s => s.Text).ToArray();
        if (reader.Errors.Count > 0)
        {
            return LoadResult.Failed(reader.Errors.Select(e => e with { Key = Redact(e.Key, redactions), Message = Redact(e.Message, redactions) }));
        }

        var settings = new StackSettings(raw.StackName, environment, mode, alpEnabled, protect, cluster, calico, istio, authz, dikastes, images,
            namespaces, dns, policies, applicationLayer, overrides, [.. warnings.Select(w => Redact(w, redactions))]);
        return new LoadResult(settings, []);
    }

    /// <summary>The shortest secret alp accepts: long enough that its text does not turn up inside ordinary words and names.</summary>
    public const int MinSecretLength = 8;

    private static string Redact(string text, string[] secrets) =>
        secrets.Aggregate(text, (current, secret) => current.Replace(secret, "[secret]", StringComparison.Ordinal));

    private static void CheckKeys(RawConfig raw, ConfigReader reader)
    {
        var prefix = ConfigCatalog.ProjectName + ":";
        var known = ConfigCatalog.Keys.Select(k => k.Name).ToArray();
        foreach (var (key, value) in raw.Values)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                if (ConfigNamespaces.Problem(key) is { } problem)
                {
                    reader.Error(key, problem);
                }

                continue;
            }

            var name = key[prefix.Length..];
            var spec = ConfigCatalog.Find(name);
            if (spec is null)
            {
                reader.Error(key, $"unknown config key; known keys: {string.Join(", ", known)}{Suggestions.Hint(name, known)}");
            }
            else if (spec.Secret && !value.IsSecret && value.Text.Length > 0)
            {
                reader.Error(key, $"must be encrypted; set it with: pulumi config set --secret {name} <value>");
            }
            else if (!spec.Secret && value.IsSecret)
            {
                reader.Error(key, "is encrypted, but this key is not a secret; set it in plain text");
            }
            else if (spec.Type == ConfigType.String && value.IsStructured)
            {
                reader.Error(key, $"expected a string (Pulumi.yaml declares it type: string), got {(value.Text.StartsWith('[') ? "a list" : "a mapping")}");
            }
        }
    }

    private static ImmutableArray<Guardrail> ReadOverrides(ConfigReader reader)
    {
        var result = ImmutableArray.CreateBuilder<Guardrail>();
        foreach (var (element, path) in reader.ListItems(ConfigKeys.GuardrailOverrides))
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                reader.Error(path, $"expected a string, got {ConfigReader.Describe(element.ValueKind)} '{element.GetRawText()}'");
                continue;
            }

            if (reader.EnumValue(element.GetString()!, ConfigSpellings.GuardrailOverrides, path, () => { }) is { } guardrail && !result.Contains(guardrail))
            {
                result.Add(guardrail);
            }
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<HttpPolicy> ReadHttpPolicies(ConfigReader reader, AlpMode mode, CalicoSettings calico, bool alpEnabled, List<string> warnings)
    {
        var result = ImmutableArray.CreateBuilder<HttpPolicy>();
        var seen = new HashSet<(PolicyKind, string?, string)>();
        foreach (var (policy, path) in HttpPolicyReader.Read(reader))
        {
            var (errors, policyWarnings) = HttpPolicyRules.Validate(policy, path, mode, calico.Version, alpEnabled);
            foreach (var error in errors)
            {
                reader.Error(error.Key, error.Message);
            }

            if (!seen.Add((policy.Kind, policy.Namespace, policy.Name)))
            {
                reader.Error(path + ".name", $"'{policy.Name}' is declared more than once for the same kind and namespace");
            }

            warnings.AddRange(policyWarnings);
            result.Add(policy);
        }

        return result.ToImmutable();
    }

}
