using System.Collections.Immutable;
using Pulumi;

namespace CalicoAlp.Components.Resources;

/// <summary>
/// A chart's children cannot take options directly, so the Plan's per-type ignore lists reach them
/// through an engine-side transform (which also reaches children of remote components).
/// </summary>
public static class ChartTransforms
{
    public static ResourceTransform IgnoreChangesOnChildren(ImmutableSortedDictionary<string, ImmutableArray<string>> pathsByType) =>
        (args, _) =>
        {
            if (!pathsByType.TryGetValue(args.Type, out var paths))
            {
                return Task.FromResult<ResourceTransformResult?>(null);
            }

            var options = args.Options;
            foreach (var path in paths.Where(p => !options.IgnoreChanges.Contains(p)))
            {
                options.IgnoreChanges.Add(path);
            }

            return Task.FromResult<ResourceTransformResult?>(new ResourceTransformResult(args.Args, options));
        };
}
