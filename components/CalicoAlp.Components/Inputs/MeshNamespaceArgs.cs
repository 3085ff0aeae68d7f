using System.ComponentModel;
using Pulumi;

namespace CalicoAlp.Components.Inputs;

[Description("One meshed namespace: an item of the namespaces key.")]
public sealed class MeshNamespaceArgs : ResourceArgs
{
    [Input("name", required: true)]
    [Description("Namespace name (an RFC 1123 label).")]
    public required string Name { get; init; }

    [Input("ownership")]
    [Description("create: the stack owns the namespace; existing (default): it exists already and is only labeled, never created or deleted.")]
    public NamespaceOwnership? Ownership { get; init; }

    [Input("enrolment")]
    [Description("workloads (default): only the listed Deployments get the sidecars; namespace: every pod does.")]
    public Enrolment? Enrolment { get; init; }

    [Input("workloads")]
    [Description("Deployment names to enrol, and to restart so that the sidecars appear or go.")]
    public List<string>? Workloads { get; init; }

    [Input("egress")]
    [Description("open (default) | restricted: the namespace's pods may reach only istiod and DNS, and what other policies allow.")]
    public EgressMode? Egress { get; init; }

    [Input("mtlsMode")]
    [Description("This namespace's PeerAuthentication mode, over the mesh-wide istioMtlsMode.")]
    public MtlsMode? MtlsMode { get; init; }

    [Input("istioPins")]
    [Description("With istioRevisions and per-workload enrolment: Deployments pinned to a revision ahead of the namespace's tag, {deployment: revision}.")]
    public Dictionary<string, string>? IstioPins { get; init; }

    [Input("istioTag")]
    [Description("With istioRevisions: the revision tag the namespace's workloads are injected by, or a revision, to canary them ahead of their tag.")]
    public string? IstioTag { get; init; }

    [Input("waf")]
    [Description("Enterprise mode: the web application firewall for this namespace's workloads.")]
    public bool? Waf { get; init; }

    [Input("logging")]
    [Description("Enterprise mode: L7 log collection for this namespace's workloads.")]
    public bool? Logging { get; init; }
}
