namespace CalicoAlp.Stacks.Config;

/// <summary>Every config key's name, written once; <see cref="ConfigCatalog"/> declares each.</summary>
public static class ConfigKeys
{
    public const string Environment = "environment";
    public const string Mode = "mode";
    public const string ApplicationLayerPolicy = "applicationLayerPolicy";
    public const string Protect = "protect";
    public const string KubernetesVersion = "kubernetesVersion";
    public const string KubeContext = "kubeContext";
    public const string CalicoVersion = "calicoVersion";
    public const string CalicoApiGroup = "calicoApiGroup";
    public const string CalicoInstallType = "calicoInstallType";
    public const string PolicySyncMethod = "policySyncMethod";
    public const string PolicySyncPathPrefix = "policySyncPathPrefix";
    public const string RetainPolicySyncOnDestroy = "retainPolicySyncOnDestroy";
    public const string IstioVersion = "istioVersion";
    public const string IstioChartRepository = "istioChartRepository";
    public const string IstioMtlsMode = "istioMtlsMode";
    public const string IstioNativeSidecars = "istioNativeSidecars";
    public const string IstioRevision = "istioRevision";
    public const string IstioRevisions = "istioRevisions";
    public const string IstioTags = "istioTags";
    public const string IstioBase = "istioBase";
    public const string IstioSystemNamespace = "istioSystemNamespace";
    public const string AuthzFailureMode = "authzFailureMode";
    public const string AuthzTimeoutMs = "authzTimeoutMs";
    public const string DikastesDebug = "dikastesDebug";

    public const string ClusterChecks = "clusterChecks";
    public const string DikastesResources = "dikastesResources";
    public const string ImageSource = "imageSource";
    public const string ImageRegistry = "imageRegistry";
    public const string DikastesImageDigest = "dikastesImageDigest";
    public const string ProxyImageDigest = "proxyImageDigest";
    public const string IstiodImageDigest = "istiodImageDigest";
    public const string ImageBuilder = "imageBuilder";
    public const string DikastesBaseDigest = "dikastesBaseDigest";
    public const string ProxyBaseDigest = "proxyBaseDigest";
    public const string RegistryUsername = "registryUsername";
    public const string RegistryPassword = "registryPassword";
    public const string Namespaces = "namespaces";
    public const string DnsEgress = "dnsEgress";
    public const string HttpPolicies = "httpPolicies";
    public const string ApplicationLayer = "applicationLayer";
    public const string GuardrailOverrides = "guardrailOverrides";
}
