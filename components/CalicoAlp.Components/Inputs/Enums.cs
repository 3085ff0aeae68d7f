using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using CalicoAlp.Stacks.Settings;
using Pulumi;
using Settings = CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Components.Inputs;

// Pulumi's enum shape: a struct over the config spelling, so a value from another language's SDK
// that is not one of the members still arrives, and fails the loader with the same message as a
// stack file's. Each member's text is the loader's own spelling (ConfigSpellings), written once.

[Description("The stack's environment; production turns the guardrails on.")]
[EnumType]
public readonly record struct DeploymentEnvironment
{
    private readonly string _value;

    private DeploymentEnvironment(string value) => _value = value;

    public static DeploymentEnvironment Production { get; } = new(ConfigSpellings.Environments.Spell(Settings.DeploymentEnvironment.Production));

    public static DeploymentEnvironment NonProduction { get; } = new(ConfigSpellings.Environments.Spell(Settings.DeploymentEnvironment.NonProduction));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(DeploymentEnvironment value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("How ALP is enforced: Dikastes beside Istio's Envoy, or Calico Enterprise's ApplicationLayer.")]
[EnumType]
public readonly record struct AlpMode
{
    private readonly string _value;

    private AlpMode(string value) => _value = value;

    public static AlpMode Istio { get; } = new(ConfigSpellings.Modes.Spell(Settings.AlpMode.Istio));

    public static AlpMode Enterprise { get; } = new(ConfigSpellings.Modes.Spell(Settings.AlpMode.Enterprise));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(AlpMode value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("The API group the Calico objects are written in.")]
[EnumType]
public readonly record struct CalicoApiGroup
{
    private readonly string _value;

    private CalicoApiGroup(string value) => _value = value;

    public static CalicoApiGroup ProjectCalicoV3 { get; } = new(ConfigSpellings.ApiGroups.Spell(Settings.CalicoApiGroup.ProjectCalicoV3));

    public static CalicoApiGroup CrdProjectCalicoV1 { get; } = new(ConfigSpellings.ApiGroups.Spell(Settings.CalicoApiGroup.CrdProjectCalicoV1));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(CalicoApiGroup value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("How Calico was installed.")]
[EnumType]
public readonly record struct CalicoInstallType
{
    private readonly string _value;

    private CalicoInstallType(string value) => _value = value;

    public static CalicoInstallType Operator { get; } = new(ConfigSpellings.InstallTypes.Spell(Settings.CalicoInstallType.Operator));

    public static CalicoInstallType Manifest { get; } = new(ConfigSpellings.InstallTypes.Spell(Settings.CalicoInstallType.Manifest));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(CalicoInstallType value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("Where Policy Sync is switched on.")]
[EnumType]
public readonly record struct PolicySyncMethod
{
    private readonly string _value;

    private PolicySyncMethod(string value) => _value = value;

    public static PolicySyncMethod FelixConfiguration { get; } = new(ConfigSpellings.PolicySyncMethods.Spell(Settings.PolicySyncMethod.FelixConfiguration));

    public static PolicySyncMethod CalicoNodeEnv { get; } = new(ConfigSpellings.PolicySyncMethods.Spell(Settings.PolicySyncMethod.CalicoNodeEnv));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(PolicySyncMethod value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("A PeerAuthentication mTLS mode.")]
[EnumType]
public readonly record struct MtlsMode
{
    private readonly string _value;

    private MtlsMode(string value) => _value = value;

    public static MtlsMode Strict { get; } = new(ConfigSpellings.MtlsModes.Spell(Settings.MtlsMode.Strict));

    public static MtlsMode Permissive { get; } = new(ConfigSpellings.MtlsModes.Spell(Settings.MtlsMode.Permissive));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(MtlsMode value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("What Envoy does when Dikastes cannot answer.")]
[EnumType]
public readonly record struct AuthzFailureMode
{
    private readonly string _value;

    private AuthzFailureMode(string value) => _value = value;

    public static AuthzFailureMode Closed { get; } = new(ConfigSpellings.FailureModes.Spell(Settings.AuthzFailureMode.Closed));

    public static AuthzFailureMode Open { get; } = new(ConfigSpellings.FailureModes.Spell(Settings.AuthzFailureMode.Open));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(AuthzFailureMode value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("Whether the stack installs Istio's CRDs (the base chart) or finds them from an Istio installed before it.")]
[EnumType]
public readonly record struct IstioBase
{
    private readonly string _value;

    private IstioBase(string value) => _value = value;

    public static IstioBase Install { get; } = new(ConfigSpellings.IstioBases.Spell(Settings.IstioBase.Install));

    public static IstioBase Existing { get; } = new(ConfigSpellings.IstioBases.Spell(Settings.IstioBase.Existing));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(IstioBase value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("Whether the stack creates a namespace or only patches one that exists.")]
[EnumType]
public readonly record struct NamespaceOwnership
{
    private readonly string _value;

    private NamespaceOwnership(string value) => _value = value;

    public static NamespaceOwnership Create { get; } = new(ConfigSpellings.Ownerships.Spell(Settings.NamespaceOwnership.Create));

    public static NamespaceOwnership Existing { get; } = new(ConfigSpellings.Ownerships.Spell(Settings.NamespaceOwnership.Existing));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(NamespaceOwnership value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("Whether a namespace's every pod gets the sidecars, or only the listed workloads'.")]
[EnumType]
public readonly record struct Enrolment
{
    private readonly string _value;

    private Enrolment(string value) => _value = value;

    public static Enrolment Namespace { get; } = new(ConfigSpellings.Enrolments.Spell(Settings.Enrolment.Namespace));

    public static Enrolment Workloads { get; } = new(ConfigSpellings.Enrolments.Spell(Settings.Enrolment.Workloads));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(Enrolment value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("Whether a namespace's pods may reach anything, or only istiod and DNS.")]
[EnumType]
public readonly record struct EgressMode
{
    private readonly string _value;

    private EgressMode(string value) => _value = value;

    public static EgressMode Open { get; } = new(ConfigSpellings.EgressModes.Spell(Settings.EgressMode.Open));

    public static EgressMode Restricted { get; } = new(ConfigSpellings.EgressModes.Spell(Settings.EgressMode.Restricted));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(EgressMode value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("Where the sidecar images come from.")]
[EnumType]
public readonly record struct ImageSource
{
    private readonly string _value;

    private ImageSource(string value) => _value = value;

    public static ImageSource Upstream { get; } = new(ConfigSpellings.ImageSources.Spell(Settings.ImageSource.Upstream));

    public static ImageSource Prebuilt { get; } = new(ConfigSpellings.ImageSources.Spell(Settings.ImageSource.Prebuilt));

    public static ImageSource Build { get; } = new(ConfigSpellings.ImageSources.Spell(Settings.ImageSource.Build));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(ImageSource value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("A guardrail to relax: the production ones, end-of-life (production), or untested-versions (any environment).")]
[EnumType]
public readonly record struct GuardrailOverride
{
    private readonly string _value;

    private GuardrailOverride(string value) => _value = value;

    public static GuardrailOverride PermissiveMtls { get; } = new(ConfigSpellings.GuardrailOverrides.Spell(Settings.Guardrail.StrictMtls));

    public static GuardrailOverride FailOpen { get; } = new(ConfigSpellings.GuardrailOverrides.Spell(Settings.Guardrail.FailClosed));

    public static GuardrailOverride UnpinnedImages { get; } = new(ConfigSpellings.GuardrailOverrides.Spell(Settings.Guardrail.DigestPinnedImages));

    public static GuardrailOverride Unprotected { get; } = new(ConfigSpellings.GuardrailOverrides.Spell(Settings.Guardrail.Protect));

    public static GuardrailOverride UntestedVersions { get; } = new(ConfigSpellings.GuardrailOverrides.Spell(Settings.Guardrail.UntestedVersions));

    public static GuardrailOverride EndOfLife { get; } = new(ConfigSpellings.GuardrailOverrides.Spell(Settings.Guardrail.EndOfLife));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(GuardrailOverride value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("A Calico policy kind.")]
[EnumType]
public readonly record struct PolicyKind
{
    private readonly string _value;

    private PolicyKind(string value) => _value = value;

    public static PolicyKind NetworkPolicy { get; } = new(ConfigSpellings.PolicyKinds.Spell(Settings.PolicyKind.NetworkPolicy));

    public static PolicyKind GlobalNetworkPolicy { get; } = new(ConfigSpellings.PolicyKinds.Spell(Settings.PolicyKind.GlobalNetworkPolicy));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(PolicyKind value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("A Calico rule action.")]
[EnumType]
public readonly record struct RuleAction
{
    private readonly string _value;

    private RuleAction(string value) => _value = value;

    public static RuleAction Allow { get; } = new(ConfigSpellings.RuleActions.Spell(Settings.RuleAction.Allow));

    public static RuleAction Deny { get; } = new(ConfigSpellings.RuleActions.Spell(Settings.RuleAction.Deny));

    public static RuleAction Pass { get; } = new(ConfigSpellings.RuleActions.Spell(Settings.RuleAction.Pass));

    public static RuleAction Log { get; } = new(ConfigSpellings.RuleActions.Spell(Settings.RuleAction.Log));

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(RuleAction value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}

[Description("An on/off field of the Enterprise ApplicationLayer, spelt as its CRD spells it.")]
[EnumType]
public readonly record struct Toggle
{
    private readonly string _value;

    private Toggle(string value) => _value = value;

    public static Toggle Enabled { get; } = new(ConfigSpellings.Toggles.Single(t => t.Value).Text);

    public static Toggle Disabled { get; } = new(ConfigSpellings.Toggles.Single(t => !t.Value).Text);

    [SuppressMessage("Usage", "CA2225", Justification = "Pulumi's serializer looks for exactly this explicit operator.")]
    public static explicit operator string(Toggle value) => value._value;

    public override string ToString() => _value ?? string.Empty;
}
