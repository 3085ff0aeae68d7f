using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Serialization;

namespace CalicoAlp.Manifests.Planning;

/// <summary>
/// How the Pulumi layer must treat an item beyond its body. Decided here, so the Pulumi layer
/// makes no domain decisions.
/// </summary>
public sealed record ResourcePolicy(
    bool Protect,
    bool RetainOnDelete,
    ImmutableArray<string> IgnoreChanges,
    ImmutableSortedDictionary<string, ImmutableArray<string>>? ChildIgnoreChanges = null)
{
    public static ResourcePolicy Default { get; } = new(false, false, []);

    /// <summary>For a chart: property paths to ignore on the children of each Pulumi type it renders.</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<string>> ChildIgnores =>
        ChildIgnoreChanges ?? ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty;
}

/// <summary>
/// What a Plan item carries: a Kubernetes object, a chart spec or an image build spec, as the
/// typed record its renderer built. JSON exists only when it is rendered or mapped to Pulumi.
/// </summary>
#pragma warning disable CA1040 // A marker: the three kinds share nothing but being a Plan item's content.
public interface IPlanContent;
#pragma warning restore CA1040

/// <summary>
/// One thing the stack wants: an object, a Helm release or an image build, with its typed
/// <see cref="Content"/>; <see cref="Body"/> gives its canonical JSON, a fresh tree each call.
/// </summary>
public sealed record PlanItem(
    string Id,
    Concern Concern,
    Ownership Ownership,
    ItemKind ItemKind,
    string ApiVersion,
    string Kind,
    string? Namespace,
    string Name,
    ImmutableArray<string> Dependencies,
    IPlanContent Content,
    ResourcePolicy Policy,
    ImmutableArray<Concern> ConcernDependencies = default)
{
    /// <summary>
    /// Whole concerns the item waits for (every item of each): one edge per concern rather than
    /// one per item, so a workload that waits for all HTTP policies adds one edge, not thousands.
    /// </summary>
    public ImmutableArray<Concern> WaitsForConcerns => ConcernDependencies.IsDefault ? [] : ConcernDependencies;

    /// <summary>The dependency names plan.json lists: item ids, then <c>concern:Name</c> per whole concern.</summary>
    public IEnumerable<string> DependencyNames => Dependencies.Concat(WaitsForConcerns.Select(ConcernNames.DependencyName));

    public JsonObject Body() => Canonical.ToNode(Content);

    public static string IdFor(string kind, string? ns, string name) =>
        ns is null ? $"{kind.ToLowerInvariant()}.{name}" : $"{kind.ToLowerInvariant()}.{ns}.{name}";

    /// <summary>The id a namespace item (created or labelled) has; namespaced items depend on it where it exists.</summary>
    public static string NamespaceId(string ns) => IdFor("Namespace", null, ns);
}
