using System.Collections.Immutable;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.Planning;

/// <summary>The resolved sidecar image references the templates and istiod use.</summary>
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
    public PlanItem Item(string id) => Items.First(i => i.Id == id);

    public IEnumerable<PlanItem> ByConcern(Concern concern) => Items.Where(i => i.Concern == concern);

    /// <summary>True when <paramref name="item"/> waits for the item <paramref name="id"/>, by itself or through its whole concern.</summary>
    public bool WaitsFor(PlanItem item, string id) =>
        item.Dependencies.Contains(id) || item.WaitsForConcerns.Contains(Item(id).Concern);
}
