using System.Collections.Immutable;

namespace CalicoAlp.Stacks.Settings;

/// <summary>
/// The exact strings config uses for each enum value. One table per enum, so parsing, error
/// messages and rendering cannot drift apart.
/// </summary>
public static class ConfigSpellings
{
    public static ImmutableArray<(string Text, DeploymentEnvironment Value)> Environments { get; } =
        [("production", DeploymentEnvironment.Production), ("non-production", DeploymentEnvironment.NonProduction)];

    public static ImmutableArray<(string Text, AlpMode Value)> Modes { get; } =
        [("istio", AlpMode.Istio), ("enterprise", AlpMode.Enterprise)];

    public static ImmutableArray<(string Text, CalicoApiGroup Value)> ApiGroups { get; } =
        [("projectcalico.org/v3", CalicoApiGroup.ProjectCalicoV3), ("crd.projectcalico.org/v1", CalicoApiGroup.CrdProjectCalicoV1)];

    public static ImmutableArray<(string Text, CalicoInstallType Value)> InstallTypes { get; } =
        [("operator", CalicoInstallType.Operator), ("manifest", CalicoInstallType.Manifest)];

    public static ImmutableArray<(string Text, PolicySyncMethod Value)> PolicySyncMethods { get; } =
        [("felixConfiguration", PolicySyncMethod.FelixConfiguration), ("calicoNodeEnv", PolicySyncMethod.CalicoNodeEnv)];

    public static ImmutableArray<(string Text, MtlsMode Value)> MtlsModes { get; } =
        [("STRICT", MtlsMode.Strict), ("PERMISSIVE", MtlsMode.Permissive)];

    public static ImmutableArray<(string Text, AuthzFailureMode Value)> FailureModes { get; } =
        [("closed", AuthzFailureMode.Closed), ("open", AuthzFailureMode.Open)];

    public static ImmutableArray<(string Text, NamespaceOwnership Value)> Ownerships { get; } =
        [("create", NamespaceOwnership.Create), ("existing", NamespaceOwnership.Existing)];

    public static ImmutableArray<(string Text, IstioBase Value)> IstioBases { get; } =
        [("install", IstioBase.Install), ("existing", IstioBase.Existing)];

    public static ImmutableArray<(string Text, Enrolment Value)> Enrolments { get; } =
        [("namespace", Enrolment.Namespace), ("workloads", Enrolment.Workloads)];

    public static ImmutableArray<(string Text, EgressMode Value)> EgressModes { get; } =
        [("open", EgressMode.Open), ("restricted", EgressMode.Restricted)];

    public static ImmutableArray<(string Text, ImageSource Value)> ImageSources { get; } =
        [("upstream", ImageSource.Upstream), ("prebuilt", ImageSource.Prebuilt), ("build", ImageSource.Build)];

    public static ImmutableArray<(string Text, Guardrail Value)> GuardrailOverrides { get; } =
        [("permissive-mtls", Guardrail.StrictMtls), ("fail-open", Guardrail.FailClosed),
         ("unpinned-images", Guardrail.DigestPinnedImages), ("unprotected", Guardrail.Protect),
         ("untested-versions", Guardrail.UntestedVersions), ("end-of-life", Guardrail.EndOfLife)];

    public static ImmutableArray<(string Text, PolicyKind Value)> PolicyKinds { get; } =
        [("NetworkPolicy", PolicyKind.NetworkPolicy), ("GlobalNetworkPolicy", PolicyKind.GlobalNetworkPolicy)];

    public static ImmutableArray<(string Text, RuleAction Value)> RuleActions { get; } =
        [("Allow", RuleAction.Allow), ("Deny", RuleAction.Deny), ("Pass", RuleAction.Pass), ("Log", RuleAction.Log)];

    /// <summary>The Enterprise ApplicationLayer's on/off fields, spelt as its CRD spells them.</summary>
    public static ImmutableArray<(string Text, bool Value)> Toggles { get; } = [("Enabled", true), ("Disabled", false)];

    public static string Spell<T>(this ImmutableArray<(string Text, T Value)> table, T value)
        where T : struct, Enum =>
        table.First(e => EqualityComparer<T>.Default.Equals(e.Value, value)).Text;

    public static string ApiVersion(this CalicoApiGroup group) => ApiGroups.Spell(group);

    public static string Text(this MtlsMode mode) => MtlsModes.Spell(mode);
}
