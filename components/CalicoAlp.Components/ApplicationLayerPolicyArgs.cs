using CalicoAlp.Components.Inputs;
using CalicoAlp.Stacks.Config;
using Pulumi;

namespace CalicoAlp.Components;

/// <summary>
/// The typed arguments of <see cref="ApplicationLayerPolicy"/>: one property per config key of the
/// stack program, named as the key. An unset property takes the key's default. Every value goes
/// through the same loader and rules as <c>alp check</c>, so a bad one fails with the same
/// key-path message, before anything is registered. The settings decide which resources exist,
/// so they are plain values; only the registry password is an Input, and it is kept secret.
/// </summary>
/// <remarks>The description and default of each key are in docs/configuration.md and in the provider's schema.</remarks>
public sealed class ApplicationLayerPolicyArgs : ResourceArgs
{
    [Input(ConfigKeys.Environment)]
    public DeploymentEnvironment? Environment { get; init; }

    [Input(ConfigKeys.Mode)]
    public AlpMode? Mode { get; init; }

    [Input(ConfigKeys.ApplicationLayerPolicy)]
    public bool? ApplicationLayerPolicy { get; init; }

    [Input(ConfigKeys.Protect)]
    public bool? Protect { get; init; }

    [Input(ConfigKeys.KubernetesVersion)]
    public string? KubernetesVersion { get; init; }

    [Input(ConfigKeys.KubeContext)]
    public string? KubeContext { get; init; }

    [Input(ConfigKeys.ClusterChecks)]
    public bool? ClusterChecks { get; init; }

    [Input(ConfigKeys.CalicoVersion)]
    public string? CalicoVersion { get; init; }

    [Input(ConfigKeys.CalicoApiGroup)]
    public CalicoApiGroup? CalicoApiGroup { get; init; }

    [Input(ConfigKeys.CalicoInstallType)]
    public CalicoInstallType? CalicoInstallType { get; init; }

    [Input(ConfigKeys.PolicySyncMethod)]
    public PolicySyncMethod? PolicySyncMethod { get; init; }

    [Input(ConfigKeys.PolicySyncPathPrefix)]
    public string? PolicySyncPathPrefix { get; init; }

    [Input(ConfigKeys.RetainPolicySyncOnDestroy)]
    public bool? RetainPolicySyncOnDestroy { get; init; }

    [Input(ConfigKeys.IstioVersion)]
    public string? IstioVersion { get; init; }

    [Input(ConfigKeys.IstioChartRepository)]
    public string? IstioChartRepository { get; init; }

    [Input(ConfigKeys.IstioMtlsMode)]
    public MtlsMode? IstioMtlsMode { get; init; }

    [Input(ConfigKeys.IstioNativeSidecars)]
    public bool? IstioNativeSidecars { get; init; }

    [Input(ConfigKeys.IstioRevision)]
    public string? IstioRevision { get; init; }

    [Input(ConfigKeys.IstioRevisions)]
    public List<IstioRevisionArgs>? IstioRevisions { get; init; }

    [Input(ConfigKeys.IstioTags)]
    public Dictionary<string, string>? IstioTags { get; init; }

    [Input(ConfigKeys.IstioBase)]
    public IstioBase? IstioBase { get; init; }

    [Input(ConfigKeys.IstioSystemNamespace)]
    public NamespaceOwnership? IstioSystemNamespace { get; init; }

    [Input(ConfigKeys.AuthzFailureMode)]
    public AuthzFailureMode? AuthzFailureMode { get; init; }

    [Input(ConfigKeys.AuthzTimeoutMs)]
    public int? AuthzTimeoutMs { get; init; }

    [Input(ConfigKeys.DikastesDebug)]
    public bool? DikastesDebug { get; init; }

    [Input(ConfigKeys.DikastesResources)]
    public DikastesResourcesArgs? DikastesResources { get; init; }

    [Input(ConfigKeys.ImageSource)]
    public ImageSource? ImageSource { get; init; }

    [Input(ConfigKeys.ImageRegistry)]
    public string? ImageRegistry { get; init; }

    [Input(ConfigKeys.DikastesImageDigest)]
    public string? DikastesImageDigest { get; init; }

    [Input(ConfigKeys.ProxyImageDigest)]
    public string? ProxyImageDigest { get; init; }

    [Input(ConfigKeys.IstiodImageDigest)]
    public string? IstiodImageDigest { get; init; }

    [Input(ConfigKeys.ImageBuilder)]
    public string? ImageBuilder { get; init; }

    [Input(ConfigKeys.DikastesBaseDigest)]
    public string? DikastesBaseDigest { get; init; }

    [Input(ConfigKeys.ProxyBaseDigest)]
    public string? ProxyBaseDigest { get; init; }

    [Input(ConfigKeys.RegistryUsername)]
    public string? RegistryUsername { get; init; }

    [Input(ConfigKeys.RegistryPassword)]
    public Input<string>? RegistryPassword { get; init; }

    [Input(ConfigKeys.Namespaces)]
    public List<MeshNamespaceArgs>? Namespaces { get; init; }

    [Input(ConfigKeys.DnsEgress)]
    public DnsEgressArgs? DnsEgress { get; init; }

    [Input(ConfigKeys.HttpPolicies)]
    public List<HttpPolicyArgs>? HttpPolicies { get; init; }

    [Input(ConfigKeys.ApplicationLayer)]
    public ApplicationLayerArgs? ApplicationLayer { get; init; }

    [Input(ConfigKeys.GuardrailOverrides)]
    public List<GuardrailOverride>? GuardrailOverrides { get; init; }
}
