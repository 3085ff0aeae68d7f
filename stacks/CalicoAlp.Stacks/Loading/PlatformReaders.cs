using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Stacks.Loading;

/// <summary>The cluster, Calico and Istio sections: versions, API group, install type, Policy Sync, charts and mesh.</summary>
internal static class PlatformReaders
{
    /// <summary>Written once, in the catalogue; Pulumi.yaml declares the same default (a test holds them equal).</summary>
    public static readonly string DefaultPolicySyncPathPrefix = ConfigCatalog.Find(ConfigKeys.PolicySyncPathPrefix)!.DefaultText;

    public static SemVersion Version(ConfigReader reader, string key, string allowed)
    {
        var text = reader.String(key);
        if (SemVersion.TryParse(text) is { } version)
        {
            return version;
        }

        reader.Fail(key, ConfigReader.PathOf(key), $"'{text}' is not a version; expected {allowed}");
        return SemVersion.Parse(ConfigCatalog.Find(key)!.DefaultText);
    }

    public static CalicoSettings Calico(ConfigReader reader)
    {
        var versionText = reader.String(ConfigKeys.CalicoVersion);
        var version = Version(reader, ConfigKeys.CalicoVersion, "a Calico release such as v3.33.1");
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

    public static IstioSettings Istio(ConfigReader reader)
    {
        var version = Version(reader, ConfigKeys.IstioVersion, "an Istio release such as 1.31.0");
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
        if (revision is not null && !Names.IsRevision(revision))
        {
            reader.Fail(ConfigKeys.IstioRevision, ConfigReader.PathOf(ConfigKeys.IstioRevision),
                $"'{revision}' is not allowed; expected empty (default revision) or a DNS-1123 label other than 'default', e.g. 1-30");
        }

        var istio = new IstioSettings(version, repository, reader.Enum(ConfigKeys.IstioMtlsMode, ConfigSpellings.MtlsModes),
            reader.Boolean(ConfigKeys.IstioNativeSidecars), revision, reader.Enum(ConfigKeys.IstioSystemNamespace, ConfigSpellings.Ownerships))
        {
            Base = reader.Enum(ConfigKeys.IstioBase, ConfigSpellings.IstioBases),
        };
        return IstioRevisionsReader.Read(reader, istio);
    }
}
