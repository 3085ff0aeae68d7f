using System.Collections.Immutable;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.Manifests.Kubernetes;

/// <summary>Any Kubernetes object we emit: the common header and a typed spec.</summary>
public sealed record KubeObject<TSpec>(string ApiVersion, string Kind, ObjectMeta Metadata, TSpec? Spec = null) : IPlanContent
    where TSpec : class;

public sealed record ObjectMeta(
    string Name,
    string? Namespace = null,
    ImmutableSortedDictionary<string, string>? Labels = null,
    ImmutableSortedDictionary<string, string>? Annotations = null);

/// <summary>Marker for objects without a spec (Namespace).</summary>
public sealed record NoSpec;

public static class Maps
{
    public static ImmutableSortedDictionary<string, string> Of(params (string Key, string Value)[] entries) =>
        entries.ToImmutableSortedDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    public static ImmutableSortedDictionary<string, string>? OrNull(this ImmutableSortedDictionary<string, string> map) =>
        map.IsEmpty ? null : map;
}
