using System.Collections.Immutable;

namespace CalicoAlp.Stacks.Settings;

/// <summary>A validated view of one stack's configuration. Nothing downstream re-reads raw config.</summary>
public sealed record StackSettings(
    string StackName,
    DeploymentEnvironment Environment,
    AlpMode Mode,
    bool AlpEnabled,
    bool Protect,
    ClusterSettings Cluster,
    CalicoSettings Calico,
    IstioSettings Istio,
    AuthzSettings Authz,
    DikastesSettings Dikastes,
    ImageSettings Images,
    ImmutableArray<MeshNamespace> Namespaces,
    DnsEgress DnsEgress,
    ImmutableArray<HttpPolicy> HttpPolicies,
    ApplicationLayerSettings ApplicationLayer,
    ImmutableArray<Guardrail> GuardrailOverrides,
    ImmutableArray<string> Warnings)
{
    /// <summary>
    /// The field manager of every patch the stack applies: one per stack, so a re-created patch keeps
    /// ownership and two stacks never share one. doctor reads managedFields with the same name.
    /// </summary>
    public string FieldManager => $"calico-alp-{StackName}";
}

/// <param name="ClusterChecks">Whether preview and up run alp doctor's checks first (config key clusterChecks).</param>
public sealed record ClusterSettings(SemVersion KubernetesVersion, string? KubeContext, bool ClusterChecks = true);

public sealed record CalicoSettings(
    string VersionText,
    SemVersion Version,
    CalicoApiGroup ApiGroup,
    CalicoInstallType InstallType,
    PolicySyncMethod PolicySyncMethod,
    string PolicySyncPathPrefix,
    bool RetainPolicySyncOnDestroy);

public sealed record IstioSettings(
    SemVersion Version,
    string ChartRepository,
    MtlsMode Mtls,
    bool NativeSidecars,
    string? Revision,
    NamespaceOwnership SystemNamespace)
{
    public const string SystemNamespaceName = "istio-system";

    /// <summary>Revisions side by side (istioRevisions), oldest first; empty for the one istiod <see cref="Revision"/> names.</summary>
    public ImmutableArray<IstioRevision> Revisions { get; init; } = [];

    /// <summary>Revision tags (istioTags): tag to the revision its injector calls.</summary>
    public ImmutableSortedDictionary<string, string> Tags { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Whether the stack installs Istio's CRDs (the base chart) or finds them from an Istio it did not create.</summary>
    public IstioBase Base { get; init; } = IstioBase.Install;

    /// <summary>Whether the stack runs revisions side by side and enrols by tag.</summary>
    public bool ByRevision => !Revisions.IsEmpty;

    /// <summary>This Istio, as the one revision <paramref name="revision"/> runs it (the revision-less istiod for "default").</summary>
    public IstioSettings As(IstioRevision revision) =>
        this with { Version = revision.Version, Revision = revision.IsRevisionLess ? null : revision.Name, Revisions = [], Tags = ImmutableSortedDictionary<string, string>.Empty };

    /// <summary>The revision an istio.io/rev value names: a tag's revision (tags win, as both answer the label), else a revision by its own name.</summary>
    public string? RevisionFor(string tagOrRevision) =>
        Tags.TryGetValue(tagOrRevision, out var revision) ? revision
        : Revisions.Any(r => r.Name == tagOrRevision) ? tagOrRevision
        : null;

    /// <summary>
    /// Whether the revision-less istiod is declared while tag default points to another revision:
    /// its injector is then switched off, as istioctl tag set default does, so the tag alone answers.
    /// </summary>
    public bool RevisionLessInjectorOff =>
        Revisions.Any(r => r.IsRevisionLess) && Tags.TryGetValue(IstioRevision.DefaultTag, out var target) && target != IstioRevision.RevisionLess;
}

/// <summary>One Istio revision: istiod-&lt;Name&gt; at <see cref="Version"/>, or the revision-less istiod for <see cref="RevisionLess"/>.</summary>
/// <param name="IstiodDigest">The revision's own istiod pin (tag@sha256:…, the tag its version).</param>
/// <param name="ProxyDigest">The revision's own istio-proxy pin.</param>
public sealed record IstioRevision(string Name, SemVersion Version, string? IstiodDigest = null, string? ProxyDigest = null)
{
    /// <summary>Istio's own name for the revision-less install: its istiod and the pods it injects carry istio.io/rev=default.</summary>
    public const string RevisionLess = "default";

    /// <summary>The tag that also answers the legacy injection labels.</summary>
    public const string DefaultTag = "default";

    public bool IsRevisionLess => Name == RevisionLess;
}

public sealed record AuthzSettings(AuthzFailureMode FailureMode, int TimeoutMs);

/// <summary>Kubernetes resource quantities keyed by resource name (cpu, memory), sorted.</summary>
public sealed record ResourceRequirements(
    ImmutableSortedDictionary<string, string> Requests,
    ImmutableSortedDictionary<string, string> Limits)
{
    public static ResourceRequirements None { get; } =
        new(ImmutableSortedDictionary<string, string>.Empty, ImmutableSortedDictionary<string, string>.Empty);

    public bool IsEmpty => Requests.IsEmpty && Limits.IsEmpty;
}

public sealed record DikastesSettings(bool Debug, ResourceRequirements Resources);

/// <summary>A reference to a secret config key; its plaintext never enters settings or the Plan.</summary>
public sealed record SecretReference(string Key)
{
    public override string ToString() => $"[secret {Key}]";
}

public sealed record ImageSettings(
    ImageSource Source,
    string? Registry,
    string? DikastesDigest,
    string? ProxyDigest,
    string? DikastesBaseDigest,
    string? ProxyBaseDigest,
    string? RegistryUsername,
    SecretReference? RegistryPassword,
    string? IstiodDigest = null,
    string? Builder = null);

/// <summary>
/// Where pods in egress-restricted namespaces may resolve names: pods matched by Selector in
/// Namespace (none when Selector is null), and Nets (NodeLocal DNSCache's link-local address), on Ports.
/// </summary>
public sealed record DnsEgress(string? Selector, string Namespace, ImmutableArray<string> Nets, ImmutableArray<int> Ports)
{
    public const string DefaultSelector = "k8s-app == 'kube-dns'";
    public const string DefaultNamespace = "kube-system";
    public const int DefaultPort = 53;

    public static DnsEgress Default { get; } = new(DefaultSelector, DefaultNamespace, [], [DefaultPort]);
}

public sealed record MeshNamespace(
    string Name,
    NamespaceOwnership Ownership,
    Enrolment Enrolment,
    ImmutableArray<string> Workloads,
    EgressMode Egress,
    MtlsMode? Mtls,
    bool Waf = false,
    bool Logging = false,
    string? IstioTag = null)
{
    /// <summary>Workloads pinned to a revision ahead of the namespace's tag (a canary of a few), by Deployment name.</summary>
    public ImmutableSortedDictionary<string, string> IstioPins { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>What a workload's pods ask istio.io/rev for: its pin, else the namespace's tag.</summary>
    public string? IstioTagOf(string workload) => IstioPins.TryGetValue(workload, out var pin) ? pin : IstioTag;
}
