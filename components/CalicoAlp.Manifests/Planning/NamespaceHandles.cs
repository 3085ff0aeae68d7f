using System.Collections.Immutable;

namespace CalicoAlp.Manifests.Planning;

/// <summary>
/// Handles to items a renderer planned per namespace (the Namespace it created or labelled, its
/// egress policy, its PeerAuthentication), by namespace name. Another concern depends on what a
/// handle holds, never on an id it rebuilt: a namespace without such an item simply has no
/// handle, and that absence is the one optional case, stated where the handle is read.
/// </summary>
public sealed record NamespaceHandles(ImmutableSortedDictionary<string, string> Ids)
{
    public static NamespaceHandles None { get; } = new(ImmutableSortedDictionary<string, string>.Empty);

    /// <summary>The item planned for <paramref name="ns"/>, if any.</summary>
    public IEnumerable<string> Of(string? ns) => ns is not null && Ids.TryGetValue(ns, out var id) ? [id] : [];

    public static NamespaceHandles From(IEnumerable<(string Namespace, PlanItem Item)> planned) =>
        new(planned.ToImmutableSortedDictionary(p => p.Namespace, p => p.Item.Id, StringComparer.Ordinal));
}

/// <summary>The per-namespace handles a workload's enrolment waits for.</summary>
public sealed record WorkloadNamespaceItems(NamespaceHandles Namespaces, NamespaceHandles EgressPolicies, NamespaceHandles PeerAuthentications)
{
    public IEnumerable<string> Of(string ns) => Namespaces.Of(ns).Concat(EgressPolicies.Of(ns)).Concat(PeerAuthentications.Of(ns));
}
