using System.Collections.Immutable;
using Pulumi;
using Pulumi.Kubernetes.ApiExtensions;

namespace CalicoAlp.Components.Resources;

/// <summary>Args for an owned custom resource whose spec comes verbatim from the Plan.</summary>
public sealed class PlanObjectArgs : CustomResourceArgs
{
    public PlanObjectArgs(string apiVersion, string kind)
        : base(apiVersion, kind)
    {
    }

    [Input("spec")]
    public InputMap<object>? Spec { get; set; }
}

/// <summary>Args for a Server-Side Apply patch whose spec comes verbatim from the Plan.</summary>
public sealed class PlanObjectPatchArgs : CustomResourcePatchArgs
{
    public PlanObjectPatchArgs(string apiVersion, string kind)
        : base(apiVersion, kind)
    {
    }

    [Input("spec")]
    public InputMap<object>? Spec { get; set; }
}

/// <summary>The resources a Plan item waits for, and the one Kubernetes provider.</summary>
public sealed record ResourceContext(Pulumi.Kubernetes.Provider Provider, ImmutableArray<Resource> DependsOn);
