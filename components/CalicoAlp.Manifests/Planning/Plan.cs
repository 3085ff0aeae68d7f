using System.Collections.Frozen;
using System.Collections.Immutable;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.Planning;

/// <summary>The resolved image references: Dikastes, the istio-proxy (null: the chart's own), istiod (null: the chart's own, by tag).</summary>
public sealed record ImageRefs(string Dikastes, string? Proxy, string? Istiod = null);

/// <summary>
/// Everything the stack wants, as data, in dependency order. `alp render` prints it; the Pulumi
/// program registers it.
/// </summary>
public sealed record Plan(
    StackSettings Settings,
    ImageRefs Images,
    string InjectionHash,
    ImmutableSortedDictionary<string, string> InjectorTemplates,
    ImmutableArray<PlanItem> Items,
    ImmutableSortedDictionary<string, string> BuiltImages)
{
    // BuiltImages: image name to the placeholder that stands for it until it is built.
    private ItemIndex? _index;

    /// <summary>The item with this id; by index, so a lookup per item stays linear at 10,000 items.</summary>
    public PlanItem Item(string id) =>
        Index().TryGetValue(id, out var item) ? item : throw new KeyNotFoundException($"the plan has no item {id}");

    private FrozenDictionary<string, PlanItem> Index()
    {
        // Keyed by the Items array it was built from: a copy made with `with { Items = ... }` rebuilds it.
        var index = _index;
        if (index is null || index.Items != Items)
        {
            index = new ItemIndex(Items, Items.ToFrozenDictionary(i => i.Id, StringComparer.Ordinal));
            _index = index;
        }

        return index.ById;
    }

    private sealed record ItemIndex(ImmutableArray<PlanItem> Items, FrozenDictionary<string, PlanItem> ById);

    public IEnumerable<PlanItem> ByConcern(Concern concern) => Items.Where(i => i.Concern == concern);

    /// <summary>True when <paramref name="item"/> waits for the item <paramref name="id"/>, by itself or through its whole concern.</summary>
    public bool WaitsFor(PlanItem item, string id) =>
        item.Dependencies.Contains(id) || item.WaitsForConcerns.Contains(Item(id).Concern);
}
