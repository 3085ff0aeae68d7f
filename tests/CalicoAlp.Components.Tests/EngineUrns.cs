using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Pulumi;

namespace CalicoAlp.Components.Tests;

/// <summary>
/// The URNs the Pulumi engine would give the registered resources. The mock monitor's URNs keep
/// only the root's type, so they cannot show parents; the engine's qualified type is the parent's
/// qualified type (the stack left out) joined by '$' with the resource's own. The parent of each
/// resource is read from the children the SDK recorded for it when the resource was constructed
/// with that Parent option, which is exactly what the SDK sends the engine as the parent.
/// </summary>
internal static class EngineUrns
{
    private const string StackType = "pulumi:pulumi:Stack";

    /// <summary>Resource name to URN.</summary>
    public static Dictionary<string, string> Of(ImmutableArray<Resource> resources, string stack)
    {
        var children = typeof(Resource).GetProperty("ChildResources", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("the pinned SDK no longer records Resource.ChildResources; find another witness");
        var parentOf = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
        foreach (var resource in resources)
        {
            foreach (var child in ((IEnumerable)children.GetValue(resource)!).Cast<Resource>())
            {
                parentOf[child] = resource;
            }
        }

        string QualifiedType(Resource resource) =>
            parentOf.TryGetValue(resource, out var parent) && parent.GetResourceType() != StackType
                ? QualifiedType(parent) + "$" + resource.GetResourceType()
                : resource.GetResourceType();

        return resources.Where(r => r.GetResourceType() != StackType)
            .ToDictionary(r => r.GetResourceName(), r => $"urn:pulumi:{stack}::calico-alp::{QualifiedType(r)}::{r.GetResourceName()}", StringComparer.Ordinal);
    }
}
