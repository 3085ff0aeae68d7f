using System.Collections.Immutable;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.Serialization;

namespace CalicoAlp.Manifests.SidecarImages;

/// <summary>
/// Once the builds report their references, the Plan is built again with them in place of the
/// placeholders: the renderers put each reference where it belongs, typed, and the injection hash
/// takes the real digests in, so a rebuilt image rolls the enrolled workloads. Pure: the Pulumi
/// layer calls it inside an Apply.
/// </summary>
public static class BuiltImages
{
    /// <param name="refs">The built references by image name (dikastes, istio-proxy), each registry/repo:tag@sha256:digest.</param>
    public static Plan Resolve(Plan plan, IReadOnlyDictionary<string, string> refs)
    {
        if (plan.BuiltImages.IsEmpty)
        {
            throw new ArgumentException($"stack '{plan.Settings.StackName}' builds no images, or its Plan already has their references", nameof(refs));
        }

        foreach (var image in refs.Keys.Where(i => !plan.BuiltImages.ContainsKey(i)))
        {
            throw new ArgumentException($"the Plan builds no image '{image}'", nameof(refs));
        }

        var resolved = PlanBuilder.Build(plan.Settings, refs);
        if (!resolved.Items.Select(i => i.Id).SequenceEqual(plan.Items.Select(i => i.Id), StringComparer.Ordinal))
        {
            // The Pulumi layer registered the first Plan's items; the resolved one may change bodies, never the item list.
            throw new InvalidOperationException("the Plan with built references has other items than the Plan with placeholders");
        }

        return resolved;
    }

    /// <summary>
    /// The ids of the items whose body depends on a built reference: those the Pulumi layer must
    /// register from the resolved Plan. Found by building the Plan with other references and
    /// comparing, so no renderer has to declare what it used.
    /// </summary>
    public static ImmutableHashSet<string> AffectedIds(Plan plan)
    {
        if (plan.BuiltImages.IsEmpty)
        {
            return [];
        }

        var probe = plan.BuiltImages.Keys.ToDictionary(
            image => image, image => $"{ImageResolver.PendingBuildRegistry}/probe/{image}@sha256:{new string('f', 64)}", StringComparer.Ordinal);
        var other = Resolve(plan, probe);
        return [.. plan.Items.Zip(other.Items)
            .Where(p => Canonical.ToJson(p.First.Body()) != Canonical.ToJson(p.Second.Body()))
            .Select(p => p.First.Id)];
    }
}
