namespace CalicoAlp.Manifests.Planning;

/// <summary>Upstream facts (docs/domain.md) the renderers share. Names, ports and paths are exact.</summary>
public static class WellKnown
{
    public const string IstioSystem = "istio-system";
    public const string DikastesSocketDir = "/var/run/dikastes";
    public const string DikastesSocket = "/var/run/dikastes/dikastes.sock";
    public const string FelixSyncDir = "/var/run/felix";
    public const string FelixSyncSocket = "/var/run/felix/nodeagent/socket";
    public const string CsiDriver = "csi.tigera.io";
    public const string DikastesHost = "dikastes.calico.cluster.local";
    public const string DikastesCluster = "outbound|1||dikastes.calico.cluster.local";
    public const string DikastesTemplate = "dikastes";
    public const int IstiodXdsPort = 15012;

    /// <summary>Set on pods by the dikastes template; the EnvoyFilter selects it, so pods without Dikastes are never sent to a missing socket.</summary>
    public const string DikastesPodLabel = "calico-alp.io/dikastes";
    public const string DikastesPodLabelValue = "enabled";

    /// <summary>Pod-template annotation whose value changes when injection changes, rolling the pods.</summary>
    public const string InjectionHashAnnotation = "calico-alp.io/injection-hash";
    public const string InjectTemplatesAnnotation = "inject.istio.io/templates";
    public const string NativeSidecarAnnotation = "sidecar.istio.io/nativeSidecar";
    public const string PatchFieldManagerAnnotation = "pulumi.com/patchFieldManager";

    // What Pulumi registers a chart and an image build as: kubernetes:helm.sh/v4:Chart, docker-build:index:Image.
    public const string HelmChartApiVersion = "helm.sh/v4";
    public const string HelmChartKind = "Chart";
    public const string ImageApiVersion = "docker-build/index";
    public const string ImageKind = "Image";
}
