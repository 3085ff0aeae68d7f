using System.Collections.Immutable;
using System.Text.Json;
using CalicoAlp.Stacks.Compatibility;
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
    private static readonly string[] NamespaceFields = ["egress", "enrolment", "logging", "mtlsMode", "name", "ownership", "waf", "workloads"];
    private static readonly string[] ResourceFields = ["limits", "requests"];
    private static readonly string[] QuantityFields = ["cpu", "memory"];
    private static readonly string[] SystemNamespaces =
        ["calico-apiserver", "calico-system", "default", "istio-system", "kube-node-lease", "kube-public", "kube-system", "tigera-operator"];

    public const string DefaultPolicySyncPathPrefix = "/var/run/nodeagent";

    public static LoadResult Load(RawConfig raw)
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
        var cluster = new ClusterSettings(Version(reader, ConfigKeys.KubernetesVersion, "a Kubernetes minor version such as 1.34"), reader.OptionalString(ConfigKeys.KubeContext));
        var calico = ReadCalico(reader);
        var istio = ReadIstio(reader);
        var authz = new AuthzSettings(reader.Enum(ConfigKeys.AuthzFailureMode, ConfigSpellings.FailureModes), reader.Integer(ConfigKeys.AuthzTimeoutMs, 1, 10_000));
        var dikastes = new DikastesSettings(reader.Boolean(ConfigKeys.DikastesDebug), ReadResources(reader));
        var images = ImageSettingsReader.Read(reader, raw, mode);
        var namespaces = ReadNamespaces(reader, mode);
        var dns = DnsEgressReader.Read(reader);
        var overrides = ReadOverrides(reader);
        var applicationLayer = ApplicationLayerReader.Read(reader);

        var warnings = new List<string>();
        var policies = ReadHttpPolicies(reader, mode, calico, alpEnabled, warnings);
        if (mode == AlpMode.Enterprise)
        {
            CheckNoIstioSettings(reader, namespaces);
        }
        else
        {
            CheckNoEnterpriseSettings(reader, namespaces);
        }

        CheckCompatibility(reader, mode, calico, istio, cluster, warnings);
        CheckGuardrails(reader, environment, mode, protect, istio, authz, images, namespaces, overrides, warnings);

        if (calico.PolicySyncPathPrefix != DefaultPolicySyncPathPrefix)
        {
            warnings.Add($"policySyncPathPrefix: '{calico.PolicySyncPathPrefix}' differs from {DefaultPolicySyncPathPrefix}, which the CSI driver and calico-node's hostPath assume");
        }

        if (images.Registry is { } registry && ImageSettingsReader.IsPlaceholderRegistry(registry))
        {
            warnings.Add($"imageRegistry: '{registry}' is a documentation placeholder (example domains are reserved, RFC 2606), and the digests beside it are made up; replace both with your own registry's before pulumi up");
        }

        foreach (var ns in namespaces.Where(n => n.Enrolment == Enrolment.Namespace && n.Workloads.IsEmpty))
        {
            warnings.Add($"namespaces: '{ns.Name}' is enrolled namespace-wide but lists no workloads, so running pods get Dikastes only when they are next recreated");
        }

        if (reader.Errors.Count > 0)
        {
            return LoadResult.Failed(reader.Errors);
        }

        var settings = new StackSettings(raw.StackName, environment, mode, alpEnabled, protect, cluster, calico, istio, authz, dikastes, images,
            namespaces, dns, policies, applicationLayer, overrides, [.. warnings]);
        return new LoadResult(settings, []);
    }

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
        }
    }

    private static SemVersion Version(ConfigReader reader, string key, string allowed)
    {
        var text = reader.String(key);
        if (SemVersion.TryParse(text) is { } version)
        {
            return version;
        }

        reader.Fail(key, ConfigReader.PathOf(key), $"'{text}' is not a version; expected {allowed}");
        return SemVersion.Parse(ConfigCatalog.Find(key)!.DefaultText);
    }

    private static CalicoSettings ReadCalico(ConfigReader reader)
    {
        var versionText = reader.String(ConfigKeys.CalicoVersion);
        var version = Version(reader, ConfigKeys.CalicoVersion, "a Calico release such as v3.32.1");
        if (!reader.Failed(ConfigKeys.CalicoVersion) && !versionText.StartsWith('v'))
        {
            // Image tags carry the v; a bare version would produce a tag that does not exist.
            reader.Fail(ConfigKeys.CalicoVersion, ConfigReader.PathOf(ConfigKeys.CalicoVersion), $"'{versionText}' must be written as a release tag with a leading v, e.g. v{version}");
        }

        var prefix = reader.String(ConfigKeys.PolicySyncPathPrefix);
        if (!prefix.StartsWith('/') || prefix.Any(char.IsWhiteSpace) || prefix.Length < 2)
        {
            reader.Fail(ConfigKeys.PolicySyncPathPrefix, ConfigReader.PathOf(ConfigKeys.PolicySyncPathPrefix),
                $"'{prefix}' is not an absolute path; expected e.g. {DefaultPolicySyncPathPrefix}");
        }

        return new CalicoSettings(
            versionText,
            version,
            reader.Enum(ConfigKeys.CalicoApiGroup, ConfigSpellings.ApiGroups),
            reader.Enum(ConfigKeys.CalicoInstallType, ConfigSpellings.InstallTypes),
            reader.Enum(ConfigKeys.PolicySyncMethod, ConfigSpellings.PolicySyncMethods),
            prefix,
            reader.Boolean(ConfigKeys.RetainPolicySyncOnDestroy));
    }

    private static IstioSettings ReadIstio(ConfigReader reader)
    {
        var version = Version(reader, ConfigKeys.IstioVersion, "an Istio release such as 1.30.3");
        if (!reader.Failed(ConfigKeys.IstioVersion) && reader.String(ConfigKeys.IstioVersion).StartsWith('v'))
        {
            reader.Fail(ConfigKeys.IstioVersion, ConfigReader.PathOf(ConfigKeys.IstioVersion), $"'{reader.String(ConfigKeys.IstioVersion)}' must not start with v; Istio charts are versioned like {version}");
        }

        var repository = reader.String(ConfigKeys.IstioChartRepository);
        if (!(repository.StartsWith("https://", StringComparison.Ordinal) || repository.StartsWith("oci://", StringComparison.Ordinal)))
        {
            reader.Fail(ConfigKeys.IstioChartRepository, ConfigReader.PathOf(ConfigKeys.IstioChartRepository), $"'{repository}' is not allowed; expected an https:// or oci:// chart repository");
        }

        var revision = reader.OptionalString(ConfigKeys.IstioRevision);
        if (revision is not null && (!Names.IsLabel(revision) || revision == "default"))
        {
            reader.Fail(ConfigKeys.IstioRevision, ConfigReader.PathOf(ConfigKeys.IstioRevision),
                $"'{revision}' is not allowed; expected empty (default revision) or a DNS-1123 label other than 'default', e.g. 1-30");
        }

        return new IstioSettings(version, repository, reader.Enum(ConfigKeys.IstioMtlsMode, ConfigSpellings.MtlsModes),
            reader.Boolean(ConfigKeys.IstioNativeSidecars), revision, reader.Enum(ConfigKeys.IstioSystemNamespace, ConfigSpellings.Ownerships));
    }

    private static ResourceRequirements ReadResources(ConfigReader reader)
    {
        if (reader.Json(ConfigKeys.DikastesResources, JsonValueKind.Object) is not { } element)
        {
            return ResourceRequirements.None;
        }

        var fields = new JsonFields(reader, element, ConfigReader.PathOf(ConfigKeys.DikastesResources), ResourceFields);
        fields.CheckShape();
        ImmutableSortedDictionary<string, string> Quantities(string field)
        {
            var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (fields.Object(field, QuantityFields) is { } q)
            {
                foreach (var name in QuantityFields)
                {
                    if (q.String(name) is { } value)
                    {
                        if (Names.IsQuantity(value))
                        {
                            builder[name] = value;
                        }
                        else
                        {
                            reader.Error($"{q.Path}.{name}", $"'{value}' is not a Kubernetes quantity; expected e.g. 100m (cpu) or 64Mi (memory)");
                        }
                    }
                }
            }

            return builder.ToImmutable();
        }

        return new ResourceRequirements(Quantities("requests"), Quantities("limits"));
    }

    private static ImmutableArray<MeshNamespace> ReadNamespaces(ConfigReader reader, AlpMode mode)
    {
        var result = ImmutableArray.CreateBuilder<MeshNamespace>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (element, path) in reader.ListItems(ConfigKeys.Namespaces))
        {
            var fields = new JsonFields(reader, element, path, NamespaceFields);
            if (!fields.CheckShape())
            {
                continue;
            }

            var name = fields.String("name", required: true);
            if (name is not null)
            {
                if (!Names.IsLabel(name))
                {
                    reader.Error($"{path}.name", $"'{name}' is not a valid namespace name; expected a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters");
                }
                else if (SystemNamespaces.Contains(name))
                {
                    reader.Error($"{path}.name", $"'{name}' is a system namespace and cannot be meshed by this stack");
                }
                else if (!seen.Add(name))
                {
                    reader.Error($"{path}.name", $"'{name}' is listed more than once");
                }
            }

            var enrolment = fields.Enum("enrolment", ConfigSpellings.Enrolments) ?? Enrolment.Workloads;
            var workloads = fields.StringList("workloads");
            var workloadIndex = 0;
            var seenWorkloads = new HashSet<string>(StringComparer.Ordinal);
            foreach (var workload in workloads)
            {
                var workloadPath = $"{path}.workloads[{workloadIndex++}]";
                if (!Names.IsSubdomain(workload))
                {
                    reader.Error(workloadPath, $"'{workload}' is not a valid Deployment name; expected a DNS-1123 subdomain");
                }
                else if (!seenWorkloads.Add(workload))
                {
                    reader.Error(workloadPath, $"'{workload}' is listed more than once");
                }
            }

            if (enrolment == Enrolment.Workloads && workloads.IsEmpty)
            {
                reader.Error($"{path}.workloads", "missing; enrolment 'workloads' needs at least one Deployment name");
            }

            if (mode == AlpMode.Enterprise && enrolment == Enrolment.Namespace)
            {
                reader.Error($"{path}.enrolment", "'namespace' is not allowed in enterprise mode; the ApplicationLayer webhook enrols workloads one by one, so use 'workloads'");
            }

            result.Add(new MeshNamespace(
                name ?? string.Empty,
                fields.Enum("ownership", ConfigSpellings.Ownerships) ?? NamespaceOwnership.Existing,
                enrolment,
                workloads,
                fields.Enum("egress", ConfigSpellings.EgressModes) ?? EgressMode.Open,
                fields.Enum("mtlsMode", ConfigSpellings.MtlsModes),
                fields.Bool("waf") ?? false,
                fields.Bool("logging") ?? false));
        }

        return result.ToImmutable();
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

    private static void CheckNoEnterpriseSettings(ConfigReader reader, ImmutableArray<MeshNamespace> namespaces)
    {
        foreach (var key in ConfigCatalog.Keys.Where(k => k.EnterpriseSetting && !reader.IsDefault(k.Name)))
        {
            reader.Error(ConfigReader.PathOf(key.Name),
                $"'{ConfigReader.Abbreviate(reader.String(key.Name))}' is a Calico Enterprise setting, and mode 'istio' has no ApplicationLayer; remove it, or set mode to enterprise");
        }

        for (var i = 0; i < namespaces.Length; i++)
        {
            foreach (var (set, field) in new[] { (namespaces[i].Waf, "waf"), (namespaces[i].Logging, "logging") })
            {
                if (set)
                {
                    reader.Error($"{ConfigReader.PathOf(ConfigKeys.Namespaces)}[{i}].{field}",
                        "'true' is a Calico Enterprise setting (the ApplicationLayer sidecar's WAF and logging); remove it, or set mode to enterprise");
                }
            }
        }
    }

    private static void CheckNoIstioSettings(ConfigReader reader, ImmutableArray<MeshNamespace> namespaces)
    {
        foreach (var key in ConfigCatalog.Keys.Where(k => k.IstioSetting))
        {
            if (!reader.IsDefault(key.Name))
            {
                reader.Error(ConfigReader.PathOf(key.Name),
                    $"'{reader.String(key.Name)}' is an Istio setting, and mode 'enterprise' installs no Istio; remove it, or set mode to istio");
            }
        }

        for (var i = 0; i < namespaces.Length; i++)
        {
            if (namespaces[i].Mtls is { } mtls)
            {
                reader.Error($"{ConfigReader.PathOf(ConfigKeys.Namespaces)}[{i}].mtlsMode",
                    $"'{mtls.Text()}' is an Istio setting, and mode 'enterprise' installs no Istio; remove it");
            }

            if (namespaces[i].Egress == EgressMode.Restricted)
            {
                reader.Error($"{ConfigReader.PathOf(ConfigKeys.Namespaces)}[{i}].egress",
                    "'restricted' adds the istiod egress policy, and mode 'enterprise' has no istiod; remove it");
            }
        }
    }

    private static void CheckCompatibility(ConfigReader reader, AlpMode mode, CalicoSettings calico, IstioSettings istio, ClusterSettings cluster, List<string> warnings)
    {
        string[] versionKeys = [ConfigKeys.CalicoVersion, ConfigKeys.IstioVersion, ConfigKeys.KubernetesVersion];
        if (versionKeys.Any(reader.Failed))
        {
            return;
        }

        var input = new CompatibilityInput(mode, calico.Version, istio.Version, cluster.KubernetesVersion, istio.NativeSidecars,
            calico.InstallType, calico.PolicySyncMethod, calico.ApiGroup);
        foreach (var rule in CompatibilityRules.All)
        {
            if (rule.Violation(input) is { } message)
            {
                reader.Error(ConfigReader.PathOf(rule.Key), $"{message} [rule {rule.Id}]");
            }
        }

        warnings.AddRange(CompatibilityRules.Warnings(input));
    }

    private static void CheckGuardrails(ConfigReader reader, DeploymentEnvironment environment, AlpMode mode, bool protect, IstioSettings istio,
        AuthzSettings authz, ImageSettings images, ImmutableArray<MeshNamespace> namespaces, ImmutableArray<Guardrail> overrides, List<string> warnings)
    {
        if (environment != DeploymentEnvironment.Production)
        {
            foreach (var guardrail in overrides)
            {
                warnings.Add($"guardrailOverrides: '{ConfigSpellings.GuardrailOverrides.Spell(guardrail)}' has no effect outside production");
            }

            return;
        }

        void Violate(Guardrail guardrail, string key, string message)
        {
            if (!overrides.Contains(guardrail))
            {
                var name = ConfigSpellings.GuardrailOverrides.Spell(guardrail);
                reader.Error(key, $"{message} in production; fix it, or relax the guardrail by adding '{name}' to calico-alp:guardrailOverrides");
            }
        }

        if (!protect)
        {
            Violate(Guardrail.Protect, ConfigReader.PathOf(ConfigKeys.Protect), "'false' is not allowed");
        }

        if (mode != AlpMode.Istio)
        {
            // In enterprise mode the operator deploys its own sidecar images; this stack pins none.
            return;
        }

        if (images.Source == ImageSource.Build)
        {
            Violate(Guardrail.DigestPinnedImages, ConfigReader.PathOf(ConfigKeys.ImageSource),
                "'build' makes images whose digests exist only after the build, so nothing pins what dev tested; promote dev's digests with imageSource prebuilt. Building is not allowed");
        }
        else if (images.DikastesDigest is null && !reader.Failed(ConfigKeys.DikastesImageDigest))
        {
            Violate(Guardrail.DigestPinnedImages, ConfigReader.PathOf(ConfigKeys.DikastesImageDigest), "an image without a digest is not allowed");
        }

        if (images.Source != ImageSource.Build && images.ProxyDigest is null && !reader.Failed(ConfigKeys.ProxyImageDigest))
        {
            Violate(Guardrail.DigestPinnedImages, ConfigReader.PathOf(ConfigKeys.ProxyImageDigest), "an image without a digest is not allowed");
        }

        // istiod is the control plane every sidecar trusts; pinning only the sidecars would leave it on a tag.
        if (images.IstiodDigest is null && !reader.Failed(ConfigKeys.IstiodImageDigest))
        {
            Violate(Guardrail.DigestPinnedImages, ConfigReader.PathOf(ConfigKeys.IstiodImageDigest), "istiod without a digest is not allowed");
        }

        if (istio.Mtls != MtlsMode.Strict)
        {
            Violate(Guardrail.StrictMtls, ConfigReader.PathOf(ConfigKeys.IstioMtlsMode), $"'{istio.Mtls.Text()}' is not allowed");
        }

        for (var i = 0; i < namespaces.Length; i++)
        {
            if (namespaces[i].Mtls == MtlsMode.Permissive)
            {
                Violate(Guardrail.StrictMtls, $"{ConfigReader.PathOf(ConfigKeys.Namespaces)}[{i}].mtlsMode", "'PERMISSIVE' is not allowed");
            }
        }

        if (authz.FailureMode == AuthzFailureMode.Open)
        {
            Violate(Guardrail.FailClosed, ConfigReader.PathOf(ConfigKeys.AuthzFailureMode), "'open' is not allowed");
        }
    }
}
