using System.Collections.Immutable;
using CalicoAlp.Manifests.Planning;
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

/// <summary>Args for a webhook configuration, whose webhooks sit at the top level, verbatim from the Plan.</summary>
public sealed class PlanWebhookConfigurationArgs : CustomResourceArgs
{
    public PlanWebhookConfigurationArgs(string apiVersion, string kind)
        : base(apiVersion, kind)
    {
    }

    [Input("webhooks")]
    public InputList<object>? Webhooks { get; set; }
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

/// <summary>Registry login for image pushes; the password stays a secret Output.</summary>
public sealed record RegistryCredentials(string Username, Output<string>? Password);

/// <summary>
/// What registering one Plan item needs besides the item: the resources it waits for, the one
/// Kubernetes provider, and, when the stack builds its images, the Plan built again with their
/// references once the builds report them. <paramref name="WaitsFor"/> is what the root
/// component was told to depend on: the SDK gives a component's dependencies to none of its
/// children, so each item waits for them itself (a namespace the program creates before ALP
/// labels it).
/// </summary>
public sealed record ResourceContext(
    string RootName,
    ProviderResource Provider,
    ImmutableArray<Resource> DependsOn,
    Plan Plan,
    BuiltPlan Built,
    RegistryCredentials? Credentials,
    InputList<Resource>? WaitsFor = null)
{
    /// <summary>
    /// The Pulumi name of an item's resource: prefixed with the root component's name, so two
    /// ApplicationLayerPolicy components in one program never collide.
    /// </summary>
    public string ResourceName(PlanItem item) => $"{RootName}-{item.Id}";
}

/// <summary>
/// The ids of the items whose body a built image reference changes (only those are registered
/// from the resolved Plan, each as an Output), and that Plan once every build is registered.
/// </summary>
public sealed record BuiltPlan(ImmutableHashSet<string> AffectedIds, Output<Plan>? Resolved)
{
    public static BuiltPlan None { get; } = new([], null);
}
