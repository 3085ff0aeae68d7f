using System.Collections.Immutable;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.Planning;

/// <summary>What every concern renderer reads, and the list they append their items to.</summary>
public sealed class PlanContext(StackSettings settings, ImageRefs images, string injectionHash, ImmutableSortedDictionary<string, string> templates)
{
    private readonly List<PlanItem> _items = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<Concern> _concerns = [];

    public StackSettings Settings => settings;

    public ImageRefs Images => images;

    public string InjectionHash => injectionHash;

    public ImmutableSortedDictionary<string, string> Templates => templates;

    /// <summary>With istioRevisions: each revision's Istio, images, templates and injection hash, by revision name.</summary>
    public ImmutableSortedDictionary<string, RevisionView> Revisions { get; init; } = ImmutableSortedDictionary<string, RevisionView>.Empty;

    /// <summary>The injection hash a workload carries: the revision its pin, or its namespace's tag, points to; else the stack's one.</summary>
    public string InjectionHashFor(MeshNamespace ns, string workload) =>
        settings.Istio.ByRevision && ns.IstioTagOf(workload) is { } tag && settings.Istio.RevisionFor(tag) is { } revision && Revisions.TryGetValue(revision, out var view)
            ? view.InjectionHash
            : injectionHash;

    public IReadOnlyList<PlanItem> Items => _items;

    public bool Has(string id) => _ids.Contains(id);

    /// <summary>True once any item of <paramref name="concern"/> is planned.</summary>
    public bool HasConcern(Concern concern) => _concerns.Contains(concern);

    /// <summary>Of <paramref name="concerns"/>, those that have items: an empty concern is nothing to wait for.</summary>
    public ImmutableArray<Concern> Planned(params Concern[] concerns) => [.. concerns.Where(HasConcern).Distinct().Order()];


    public PlanItem Add<TSpec>(Concern concern, Ownership ownership, KubeObject<TSpec> obj, IEnumerable<string> dependencies, ResourcePolicy? policy = null,
        ImmutableArray<Concern> concernDependencies = default)
        where TSpec : class
    {
        if (ownership == Ownership.Patch)
        {
            // Pulumi's provider reads the field manager from this annotation; it is part of what we register.
            var annotations = (obj.Metadata.Annotations ?? ImmutableSortedDictionary<string, string>.Empty)
                .SetItem(WellKnown.PatchFieldManagerAnnotation, settings.FieldManager);
            obj = obj with { Metadata = obj.Metadata with { Annotations = annotations } };
        }

        var id = PlanItem.IdFor(obj.Kind, obj.Metadata.Namespace, obj.Metadata.Name);
        return Append(new PlanItem(id, concern, ownership, ItemKind.KubernetesObject, obj.ApiVersion, obj.Kind, obj.Metadata.Namespace,
            obj.Metadata.Name, Dependencies(dependencies), obj, policy ?? ResourcePolicy.Default,
            concernDependencies.IsDefault ? [] : concernDependencies));
    }

    /// <summary>An owned webhook configuration: an object without a spec, its webhooks at the top level.</summary>
    public PlanItem Add(Concern concern, WebhookConfiguration obj, IEnumerable<string> dependencies, ResourcePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var id = PlanItem.IdFor(obj.Kind, obj.Metadata.Namespace, obj.Metadata.Name);
        return Append(new PlanItem(id, concern, Ownership.Owned, ItemKind.KubernetesObject, obj.ApiVersion, obj.Kind, obj.Metadata.Namespace, obj.Metadata.Name,
            Dependencies(dependencies), obj, policy));
    }

    /// <summary>A chart or image build, named in plan.json by the Pulumi type it registers as.</summary>
    public PlanItem AddSpec<T>(Concern concern, ItemKind kind, string? ns, string name, T spec, IEnumerable<string> dependencies, ResourcePolicy policy)
        where T : class, IPlanContent
    {
        var (idStem, apiVersion, kindName) = kind switch
        {
            // The id stems predate these names and stay: resource names and their aliases derive from ids.
            ItemKind.HelmRelease => ("HelmRelease", WellKnown.HelmChartApiVersion, WellKnown.HelmChartKind),
            ItemKind.ImageBuild => ("ImageBuild", WellKnown.ImageApiVersion, WellKnown.ImageKind),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Kubernetes objects are added with Add"),
        };
        var id = PlanItem.IdFor(idStem, ns, name);
        return Append(new PlanItem(id, concern, Ownership.Owned, kind, apiVersion, kindName, ns, name,
            Dependencies(dependencies), spec, policy));
    }

    private PlanItem Append(PlanItem item)
    {
        if (Has(item.Id))
        {
            throw new InvalidOperationException($"two plan items share the id {item.Id}");
        }

        foreach (var dependency in item.Dependencies.Where(d => !Has(d)))
        {
            throw new InvalidOperationException($"{item.Id} depends on {dependency}, which is not planned before it");
        }

        foreach (var concern in item.WaitsForConcerns.Where(c => !HasConcern(c) || c == item.Concern))
        {
            throw new InvalidOperationException($"{item.Id} waits for the {concern} concern, which has no item planned before it or is its own");
        }

        _items.Add(item);
        _ids.Add(item.Id);
        _concerns.Add(item.Concern);
        return item;
    }

    private static ImmutableArray<string> Dependencies(IEnumerable<string> ids) =>
        [.. ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

/// <summary>One Istio revision as the plan renders it: its Istio settings, images, Dikastes templates and injection hash.</summary>
public sealed record RevisionView(IstioRevision Revision, IstioSettings Istio, ImageRefs Images, ImmutableSortedDictionary<string, string> Templates, string InjectionHash)
{
    public (ImageRefs Images, ImmutableSortedDictionary<string, string> Templates, string Hash) Rendered => (Images, Templates, InjectionHash);
}
