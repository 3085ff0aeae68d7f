using System.Collections.Immutable;

namespace CalicoAlp.Stacks.Config;

/// <summary>
/// Every config key the project understands. Pulumi.yaml declares the same keys with the same
/// defaults (a test holds the two together), so the offline reader and the Pulumi engine agree.
/// </summary>
public static class ConfigCatalog
{
    public const string ProjectName = "calico-alp";

    public static ImmutableArray<ConfigKey> Keys { get; } =
    [
        new(ConfigKeys.Environment, ConfigType.String, "production",
            "production | non-production. Production turns on the guardrails: STRICT mTLS, fail-closed authorization, digest-pinned images, protect."),
        new(ConfigKeys.Mode, ConfigType.String, "istio",
            "istio (Calico policy enforced by Dikastes next to Istio's Envoy) | enterprise (Calico Enterprise ApplicationLayer, no Istio)."),
        new(ConfigKeys.ApplicationLayerPolicy, ConfigType.Boolean, "true",
            "false switches ALP off but keeps Istio: workloads roll back to a plain sidecar; Policy Sync, the Dikastes templates and the ext_authz wiring go. Istio mode only."),
        new(ConfigKeys.Protect, ConfigType.Boolean, "true",
            "Protect the owned control-plane resources (Istio charts, authorization services) from pulumi destroy."),
        new(ConfigKeys.KubernetesVersion, ConfigType.String, "1.35",
            "Lowest kubelet minor version among the cluster's nodes, e.g. 1.35. Decides whether native sidecars are automatic."),
        new(ConfigKeys.KubeContext, ConfigType.String, "",
            "kubeconfig context for the stack's Kubernetes provider. Empty means the current context of $KUBECONFIG."),
        new(ConfigKeys.ClusterChecks, ConfigType.Boolean, "true",
            "Run alp doctor's checks of the cluster before pulumi preview and pulumi up, and stop on a failing one. false skips them (a cluster doctor cannot read)."),
        new(ConfigKeys.CalicoVersion, ConfigType.String, "v3.33.1",
            "Installed Calico version (calico-node), e.g. v3.33.1. In enterprise mode, the Calico Enterprise version. Dikastes is pinned to it."),
        new(ConfigKeys.CalicoApiGroup, ConfigType.String, "projectcalico.org/v3",
            "projectcalico.org/v3 (Calico API server or native v3 CRDs) | crd.projectcalico.org/v1 (direct CRD writes; no Calico validation)."),
        new(ConfigKeys.CalicoInstallType, ConfigType.String, "operator",
            "operator (tigera-operator) | manifest (calico.yaml)."),
        new(ConfigKeys.PolicySyncMethod, ConfigType.String, "felixConfiguration",
            "felixConfiguration (patch FelixConfiguration default) | calicoNodeEnv (patch the calico-node DaemonSet env; manifest installs only)."),
        new(ConfigKeys.PolicySyncPathPrefix, ConfigType.String, "/var/run/nodeagent",
            "Felix policySyncPathPrefix. The CSI driver and calico-node's hostPath assume /var/run/nodeagent."),
        new(ConfigKeys.RetainPolicySyncOnDestroy, ConfigType.Boolean, "false",
            "Keep policySyncPathPrefix set after pulumi destroy (for clusters where other consumers rely on it without owning it)."),
        new(ConfigKeys.IstioVersion, ConfigType.String, "1.31.0",
            "Istio version of the base and istiod charts, e.g. 1.31.0.", IstioSetting: true),
        new(ConfigKeys.IstioChartRepository, ConfigType.String, "https://istio-release.storage.googleapis.com/charts",
            "Helm repository holding the base and istiod charts.", IstioSetting: true),
        new(ConfigKeys.IstioMtlsMode, ConfigType.String, "STRICT",
            "Mesh-wide PeerAuthentication mode: STRICT | PERMISSIVE.", IstioSetting: true),
        new(ConfigKeys.IstioNativeSidecars, ConfigType.Boolean, "true",
            "Force ENABLE_NATIVE_SIDECARS=true in istiod. Dikastes needs native sidecars; false is allowed only where Istio turns them on by itself.", IstioSetting: true),
        new(ConfigKeys.IstioRevision, ConfigType.String, "",
            "istiod revision. Empty for the default revision (namespace label istio-injection=enabled).", IstioSetting: true),
        new(ConfigKeys.IstioSystemNamespace, ConfigType.String, "create",
            "create (the stack owns istio-system) | existing (istio-system exists already and is never created or deleted).", IstioSetting: true),
        new(ConfigKeys.AuthzFailureMode, ConfigType.String, "closed",
            "What Envoy does when Dikastes cannot answer: closed (deny, upstream's behaviour) | open (allow).", IstioSetting: true),
        new(ConfigKeys.AuthzTimeoutMs, ConfigType.Integer, "200",
            "ext_authz gRPC timeout in milliseconds (1 to 10000). Envoy's default is 200.", IstioSetting: true),
        new(ConfigKeys.DikastesDebug, ConfigType.Boolean, "false",
            "Run Dikastes with --debug."),
        new(ConfigKeys.DikastesResources, ConfigType.Object, "{}",
            "Dikastes container resources: {requests: {cpu, memory}, limits: {cpu, memory}}. Empty sets none, as upstream."),
        new(ConfigKeys.ImageSource, ConfigType.String, "upstream",
            "upstream (quay.io/calico/dikastes tagged with calicoVersion, Istio's own proxy) | prebuilt (imageRegistry plus both digests) | build (build sidecars/ and push to imageRegistry)."),
        new(ConfigKeys.ImageRegistry, ConfigType.String, "",
            "Registry and path of the sidecar images (prebuilt, or where build pushes), e.g. registry.example.com/platform/alp."),
        new(ConfigKeys.DikastesImageDigest, ConfigType.String, "",
            "<tag>@sha256:<64 hex>: the Dikastes image digest bound to the tag it was built from, which must be calicoVersion (or start with calicoVersion-). Required in production."),
        new(ConfigKeys.ProxyImageDigest, ConfigType.String, "",
            "<tag>@sha256:<64 hex>: the istio-proxy image digest bound to the tag it was built from, which must be istioVersion (or start with istioVersion-). Required in production istio mode.", IstioSetting: true),
        new(ConfigKeys.IstiodImageDigest, ConfigType.String, "",
            "<tag>@sha256:<64 hex>: the istiod (pilot) image digest bound to its tag, which must be istioVersion (or start with istioVersion-); pins istiod like the sidecars. Required in production istio mode. With imageSource prebuilt the image is <imageRegistry>/pilot, otherwise docker.io/istio/pilot:<istioVersion>.", IstioSetting: true),
        new(ConfigKeys.ImageBuilder, ConfigType.String, "",
            "imageSource build: name of the buildx builder that builds the images (driver docker-container, kubernetes or remote; the default docker driver cannot build two platforms with a registry cache). Create one with: docker buildx create --name calico-alp --driver docker-container."),
        new(ConfigKeys.DikastesBaseDigest, ConfigType.String, "",
            "imageSource build: sha256 digest pinning the upstream Dikastes base image."),
        new(ConfigKeys.ProxyBaseDigest, ConfigType.String, "",
            "imageSource build: sha256 digest pinning the upstream istio proxyv2 base image.", IstioSetting: true),
        new(ConfigKeys.RegistryUsername, ConfigType.String, "",
            "User name for imageRegistry. The password is the secret key registryPassword (pulumi config set --secret)."),
        new(ConfigKeys.RegistryPassword, ConfigType.String, "",
            "Password for imageRegistry. Secret: set with pulumi config set --secret; never printed.", Secret: true),
        new(ConfigKeys.Namespaces, ConfigType.Array, "[]",
            "Meshed namespaces: [{name, ownership: create|existing, enrolment: namespace|workloads, workloads: [deployment names], egress: open|restricted, mtlsMode: STRICT|PERMISSIVE, waf, logging}] (waf and logging: enterprise mode).",
            ItemType: ConfigType.Object),
        new(ConfigKeys.DnsEgress, ConfigType.Object, "{}",
            "Where pods of egress-restricted namespaces may send DNS: {selector, namespace, nets, ports}. Default: selector k8s-app == 'kube-dns' in namespace kube-system, ports [53]. NodeLocal DNSCache: add nets [169.254.20.10/32]. OpenShift: selector dns.operator.openshift.io/daemonset-dns == 'default', namespace openshift-dns, ports [5353]. An empty selector allows only the nets.", IstioSetting: true),
        new(ConfigKeys.HttpPolicies, ConfigType.Array, "[]",
            "Calico (Global)NetworkPolicies with HTTP method/path matches: [{name, kind: NetworkPolicy|GlobalNetworkPolicy, namespace, selector, order, namespaceSelector, ingress: [rule], egress: [rule]}]; rule: {action, protocol, source, destination, http: {methods, paths: [{exact|prefix}], headers}}.",
            ItemType: ConfigType.Object),
        new(ConfigKeys.ApplicationLayer, ConfigType.Object, "{}",
            "Enterprise mode: ApplicationLayer fields besides sidecarInjection: {applicationLayerPolicy, webApplicationFirewall: Enabled|Disabled, logCollection: {collectLogs, logIntervalSeconds, logRequestsPerInterval}, envoy: {xffNumTrustedHops, useRemoteAddress}}.",
            EnterpriseSetting: true),
        new(ConfigKeys.GuardrailOverrides, ConfigType.Array, "[]",
            "Named guardrails to relax: permissive-mtls, fail-open, unpinned-images, unprotected, end-of-life (production); untested-versions (any environment: a Calico or Istio minor newer than calico-alp knows).",
            ItemType: ConfigType.String),
    ];

    public static ConfigKey? Find(string name) => Keys.FirstOrDefault(k => k.Name == name);

    public static string Qualified(string name) => $"{ProjectName}:{name}";
}
