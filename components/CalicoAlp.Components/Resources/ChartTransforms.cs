using CalicoAlp.Manifests.Planning;
using Pulumi;

namespace CalicoAlp.Components.Resources;

/// <summary>
/// A chart's children cannot take options directly, so the item's policy reaches them through an
/// engine-side transform (which also reaches children of remote components): the per-type ignore
/// lists, and retain-on-delete, which a child does not inherit from its chart.
/// </summary>
public static class ChartTransforms
{
    public static ResourceTransform ChildOptions(ResourcePolicy policy) =>
        (args, _) =>
        {
            var ignores = policy.ChildIgnores.TryGetValue(args.Type, out var paths) ? paths : [];
            var options = args.Options;
            var missing = ignores.Where(p => !options.IgnoreChanges.Contains(p)).ToList();
            var retain = policy.RetainOnDelete && options.RetainOnDelete != true;
            if (missing.Count == 0 && !retain)
            {
                return Task.FromResult<ResourceTransformResult?>(null);
            }

            options.IgnoreChanges.AddRange(missing);
            if (retain)
            {
                options.RetainOnDelete = true;
            }

            return Task.FromResult<ResourceTransformResult?>(new ResourceTransformResult(args.Args, options));
        };
}
