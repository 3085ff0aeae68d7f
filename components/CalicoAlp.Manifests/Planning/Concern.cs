namespace CalicoAlp.Manifests.Planning;

/// <summary>The concerns of docs/design.md: one folder here, one component in the Pulumi layer.</summary>
public enum Concern
{
    FelixPolicySync,
    IstioControlPlane,
    InjectorTemplates,
    AuthorizationServices,
    IstiodEgressPolicy,
    MeshNamespaces,
    SidecarImages,
    ApplicationLayer,
    HttpPolicies,
}

/// <summary>The teardown contract: owned objects are created and deleted; patched ones only get our fields.</summary>
public enum Ownership
{
    Owned,
    Patch,
}

/// <summary>What kind of Pulumi resource an item becomes.</summary>
public enum ItemKind
{
    KubernetesObject,
    HelmRelease,
    ImageBuild,
}

public static class ConcernNames
{
    public static string Kebab(this Concern concern) => concern switch
    {
        Concern.FelixPolicySync => "felix-policy-sync",
        Concern.IstioControlPlane => "istio-control-plane",
        Concern.InjectorTemplates => "injector-templates",
        Concern.AuthorizationServices => "authorization-services",
        Concern.IstiodEgressPolicy => "istiod-egress-policy",
        Concern.MeshNamespaces => "mesh-namespaces",
        Concern.SidecarImages => "sidecar-images",
        Concern.ApplicationLayer => "application-layer",
        Concern.HttpPolicies => "http-policies",
        _ => throw new ArgumentOutOfRangeException(nameof(concern), concern, null),
    };

    /// <summary>How plan.json names a dependency on a whole concern.</summary>
    public static string DependencyName(this Concern concern) => $"concern:{concern}";

    public static string Text(this Ownership ownership) => ownership == Ownership.Owned ? "owned" : "patch";
}
