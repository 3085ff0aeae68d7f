using System.Collections.Immutable;
using CalicoAlp.Components.Resources;
using CalicoAlp.Manifests.Planning;
using Pulumi;

namespace CalicoAlp.Components.Concerns;

/// <summary>Typed args of a concern component: its slice of the Plan.</summary>
public sealed record ConcernArgs(Concern Concern, ImmutableArray<PlanItem> Items);

/// <summary>
/// One component per concern, so `pulumi preview` reads as the concerns of docs/design.md. Its
/// children are registered in Plan order by the root (concerns depend on each other both ways),
/// always with this component as their parent.
/// </summary>
public abstract class ConcernComponent : ComponentResource
{
    protected ConcernComponent(string type, string name, ConcernArgs args, ComponentResourceOptions? options)
        : base(type, name, options)
    {
        Args = args;
    }

    public ConcernArgs Args { get; }

    internal Resource Register(PlanItem item, ResourceContext context)
    {
        if (item.Concern != Args.Concern)
        {
            throw new InvalidOperationException($"{item.Id} belongs to {item.Concern}, not {Args.Concern}");
        }

        return PlanResources.Create(item, this, context);
    }

    internal void Complete() => RegisterOutputs(Outputs());

    protected virtual Dictionary<string, object?> Outputs() => new()
    {
        ["items"] = Args.Items.Select(i => i.Id).ToImmutableArray(),
    };
}
