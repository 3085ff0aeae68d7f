using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.Serialization;

namespace CalicoAlp.Manifests.SidecarImages;

/// <summary>
/// Once the builds report their references, every placeholder in a Plan item becomes the real
/// reference and the injection hash takes the real digests in, so a rebuilt image rolls the
/// enrolled workloads. Pure: the Pulumi layer calls it inside an Apply.
/// </summary>
public static class BuiltImages
{
    /// <summary>True when the item's body mentions a placeholder or the Plan's injection hash.</summary>
    public static bool NeedsResolution(Plan plan, PlanItem item) =>
        !plan.BuiltImages.IsEmpty
        && (plan.BuiltImages.Values.Any(p => item.BodyJson.Contains(p, StringComparison.Ordinal))
            || item.BodyJson.Contains(plan.InjectionHash, StringComparison.Ordinal));

    /// <summary>The hash the enrolled workloads carry once the images exist: it changes with any digest.</summary>
    public static string ResolvedHash(Plan plan, IReadOnlyDictionary<string, string> refs)
    {
        var text = new StringBuilder(plan.InjectionHash);
        foreach (var (image, reference) in refs.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append(image).Append('=').Append(reference);
        }

        return Hashing.Sha256Hex(text.ToString(), 16);
    }

    /// <param name="refs">The built references by image name (dikastes, istio-proxy), each registry/repo:tag@sha256:digest.</param>
    public static JsonObject Resolve(Plan plan, PlanItem item, IReadOnlyDictionary<string, string> refs)
    {
        foreach (var image in plan.BuiltImages.Keys.Where(i => !refs.ContainsKey(i)))
        {
            throw new ArgumentException($"no built reference for image '{image}'", nameof(refs));
        }

        var json = item.BodyJson;
        foreach (var (image, placeholder) in plan.BuiltImages)
        {
            json = json.Replace(placeholder, refs[image], StringComparison.Ordinal);
        }

        json = json.Replace(plan.InjectionHash, ResolvedHash(plan, refs), StringComparison.Ordinal);
        return (JsonObject)JsonNode.Parse(json)!;
    }
}
