using System.Collections.Immutable;

namespace CalicoAlp.Doctor;

/// <summary>
/// What doctor read from the cluster, and nothing else: the checks are pure functions of these
/// facts and the stack's settings, so each is tested without a cluster. A null fact was absent
/// (the API answered 404); read errors other than 404 stop the run before any check.
/// </summary>
public sealed record ClusterFacts(
    string ServerVersion,
    ImmutableArray<NodeFact> Nodes,
    CalicoFacts Calico,
    FelixFacts? FelixConfiguration,
    MeshFacts Mesh,
    ImmutableDictionary<string, NamespaceFact> Namespaces,
    DnsFacts Dns)
{
    /// <summary>Calico StagedGlobalNetworkPolicies (empty where the kind is not served).</summary>
    public ImmutableArray<StagedPolicyFact> StagedGlobalPolicies { get; init; } = [];
}

/// <summary>A Calico staged policy: what it selects, and whether any rule denies.</summary>
/// <param name="NamespaceSelector">A staged global policy's namespaceSelector; null when it has none.</param>
public sealed record StagedPolicyFact(string Name, string Selector, string? NamespaceSelector, bool Denies);

/// <summary>An Istio Sidecar resource: the hosts its egress listeners import ("namespace/dnsName").</summary>
/// <param name="EgressHosts">Every host of every egress listener; empty when the Sidecar sets no egress (then it imports everything).</param>
/// <param name="Selects">Whether it has a workloadSelector (then it applies to some pods only).</param>
public sealed record SidecarFact(string Name, ImmutableArray<string> EgressHosts, bool Selects);

public sealed record NodeFact(string Name, string KubeletVersion);

/// <summary>How Calico is installed and running.</summary>
/// <param name="OperatorInstallation">Whether <c>Installation default</c> (operator.tigera.io/v1) exists.</param>
/// <param name="CalicoNode">The calico-node DaemonSet, in calico-system (operator) or kube-system (manifest).</param>
/// <param name="ProjectCalicoApiService">The <c>v3.projectcalico.org</c> APIService, when it exists: whether it is Available.</param>
/// <param name="CsiDriver">Whether <c>CSIDriver csi.tigera.io</c> exists.</param>
/// <param name="CsiNodeDriver">The <c>csi-node-driver</c> DaemonSet in calico-system.</param>
/// <param name="ApplicationLayer">Whether the operator's <c>ApplicationLayer tigera-secure</c> exists (Enterprise).</param>
public sealed record CalicoFacts(
    bool OperatorInstallation,
    DaemonSetFact? CalicoNode,
    bool? ProjectCalicoApiService,
    bool CsiDriver,
    DaemonSetFact? CsiNodeDriver,
    bool ApplicationLayer);

public sealed record DaemonSetFact(string Namespace, string Name, ImmutableArray<string> Images, int Desired, int Ready);

/// <summary>FelixConfiguration default: the fields the stack patches or depends on, and who owns them.</summary>
/// <param name="PolicySyncManagers">Field managers that own <c>spec.policySyncPathPrefix</c> (from managedFields).</param>
public sealed record FelixFacts(string? PolicySyncPathPrefix, ImmutableArray<string> PolicySyncManagers, bool? BpfEnabled, string? BpfConnectTimeLoadBalancing, bool? BpfConnectTimeLoadBalancingEnabled);

/// <param name="TigeraIstio">Whether the Tigera operator's <c>Istio</c> resource (operator.tigera.io/v1, ambient mode) exists.</param>
/// <param name="Istiods">Every Deployment labelled app=istiod, anywhere.</param>
public sealed record MeshFacts(bool TigeraIstio, ImmutableArray<IstiodFact> Istiods)
{
    /// <summary>Istio's CRDs (read through peerauthentications.security.istio.io); null when there are none.</summary>
    public CrdsFact? Crds { get; init; }

    /// <summary>The mesh-wide PeerAuthentication istio-system/default; null when there is none.</summary>
    public AppliedFact? MeshMtls { get; init; }

    /// <summary>Revision tags in the cluster (MutatingWebhookConfigurations labelled istio.io/tag): tag, its revision, and whether Pulumi applied it.</summary>
    public ImmutableArray<TagFact> Tags { get; init; } = [];

    /// <summary>For each revision of the stack's own istiods that istioRevisions no longer declares: what still uses it.</summary>
    public ImmutableArray<RevisionUse> Leaving { get; init; } = [];
}

/// <summary>An object that exists, and whether the Pulumi Kubernetes provider applied it (a pulumi-kubernetes field manager).</summary>
public sealed record AppliedFact(bool AppliedByPulumi);

/// <summary>Istio's CRDs: whether Pulumi applied them, and the Istio release they came from (the base chart's app.kubernetes.io/version label), when they say.</summary>
public sealed record CrdsFact(bool AppliedByPulumi, string? Version);

public sealed record TagFact(string Tag, string? Revision, bool AppliedByPulumi);

/// <summary>What still uses a revision: running pods it injected (their istio.io/rev annotation) or, not injected yet, whose labels ask for it, and namespaces labelled for it.</summary>
public sealed record RevisionUse(string Revision, ImmutableArray<string> Pods, ImmutableArray<string> Namespaces)
{
    /// <summary>Tags the stack does not declare whose injector still calls the revision.</summary>
    public ImmutableArray<string> Tags { get; init; } = [];

    public bool InUse => !Pods.IsEmpty || !Namespaces.IsEmpty || !Tags.IsEmpty;
}

/// <param name="ManagedByThisStack">Whether the Deployment was applied by the Pulumi Kubernetes provider (a pulumi-kubernetes field manager).</param>
public sealed record IstiodFact(string Namespace, string Name, string? Revision, string? Image, bool ManagedByThisStack);

/// <param name="Deployments">Deployment names in the namespace.</param>
/// <param name="OtherWorkloads">StatefulSet and DaemonSet names, which the stack cannot enrol.</param>
/// <param name="EgressPolicies">Kubernetes NetworkPolicies in the namespace with an Egress policy type, and Calico ones (calico:NAME) whose types include Egress.</param>
/// <param name="AppliedByPulumi">Whether the Namespace was applied by the Pulumi Kubernetes provider (a pulumi-kubernetes field manager): a stack's own.</param>
public sealed record NamespaceFact(string Name, ImmutableArray<string> Deployments, ImmutableArray<string> OtherWorkloads, ImmutableArray<string> EgressPolicies, bool AppliedByPulumi = false)
{
    /// <summary>The namespace's own labels.</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Each Deployment's pod labels as Calico sees them: the template's, plus the namespace and service account Calico adds.</summary>
    public ImmutableDictionary<string, ImmutableSortedDictionary<string, string>> PodLabels { get; init; } =
        ImmutableDictionary<string, ImmutableSortedDictionary<string, string>>.Empty;

    /// <summary>Each Deployment's pod-template labels and annotations with the field managers that hold them.</summary>
    public ImmutableDictionary<string, ImmutableArray<TemplateField>> TemplateFields { get; init; } =
        ImmutableDictionary<string, ImmutableArray<TemplateField>>.Empty;

    /// <summary>Istio Sidecar resources in the namespace (empty where the kind is not served).</summary>
    public ImmutableArray<SidecarFact> Sidecars { get; init; } = [];

    /// <summary>Calico StagedNetworkPolicies in the namespace (empty where the kind is not served).</summary>
    public ImmutableArray<StagedPolicyFact> StagedPolicies { get; init; } = [];
}

/// <param name="Key">"labels/&lt;key&gt;" or "annotations/&lt;key&gt;" of the pod template.</param>
/// <param name="Value">Its value now.</param>
/// <param name="Managers">The field managers that hold it (server-side apply's managedFields).</param>
public sealed record TemplateField(string Key, string Value, ImmutableArray<string> Managers);

/// <param name="KubeDnsService">Whether the kube-dns Service exists in kube-system.</param>
/// <param name="NodeLocalDns">Whether a node-local-dns DaemonSet exists in kube-system.</param>
public sealed record DnsFacts(bool KubeDnsService, bool NodeLocalDns);
