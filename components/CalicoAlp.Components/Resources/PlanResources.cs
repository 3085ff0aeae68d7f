using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Planning;
using Pulumi;
using Pulumi.Kubernetes.ApiExtensions;
using Pulumi.Kubernetes.Types.Inputs.Apps.V1;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using ChartArgs = Pulumi.Kubernetes.Types.Inputs.Helm.V4.ChartArgs;
using K8sCustomResource = Pulumi.Kubernetes.ApiExtensions.CustomResource;
using RepositoryOptsArgs = Pulumi.Kubernetes.Types.Inputs.Helm.V4.RepositoryOptsArgs;

namespace CalicoAlp.Components.Resources;

/// <summary>
/// Turns one Plan item into exactly one Pulumi resource. Mechanical: every value, option and
/// ownership comes from the item.
/// </summary>
public static class PlanResources
{
    public static Resource Create(PlanItem item, Resource parent, ResourceContext context) => item.ItemKind switch
    {
        ItemKind.HelmRelease => Chart(item, parent, context),
        ItemKind.KubernetesObject => KubernetesObject(item, parent, context),
        ItemKind.ImageBuild => SidecarImageResources.CreateImage(item, parent, context),
        _ => throw new InvalidOperationException($"plan item {item.Id} has an item kind the Pulumi layer does not map"),
    };

    /// <summary>
    /// The options every resource kind takes from its item: parent, provider, dependencies,
    /// protect, retain-on-delete, ignores, and the alias of its name before names were prefixed,
    /// so stacks created then keep their resources.
    /// </summary>
    private static T Options<T>(PlanItem item, Resource parent, ResourceContext context, bool withProvider = true)
        where T : ResourceOptions, new()
    {
        var options = new T
        {
            Parent = parent,
            DependsOn = context.DependsOn.ToArray(),
            Protect = item.Policy.Protect,
            IgnoreChanges = [.. item.Policy.IgnoreChanges],
            Aliases = { new Alias { Name = item.Id } },
        };
        if (context.WaitsFor is { } waitsFor)
        {
            options.DependsOn.AddRange(waitsFor);
        }

        if (withProvider)
        {
            // A remote component (the v4 Chart) does not inherit its parent's provider: it is always passed.
            options.Provider = context.Provider;
        }

        if (item.Policy.RetainOnDelete)
        {
            options.RetainOnDelete = true;
        }

        return options;
    }

    private static Resource KubernetesObject(PlanItem item, Resource parent, ResourceContext context)
    {
        var body = item.Body();
        PlanInputs.RequireKnownFields(item.Id, body);
        var options = (CustomResourceOptions)OptionsFor(item, parent, context);
        var name = context.ResourceName(item);
        return (item.ApiVersion, item.Kind, item.Ownership) switch
        {
            ("v1", "Namespace", Ownership.Owned) =>
                new Pulumi.Kubernetes.Core.V1.Namespace(name, new NamespaceArgs { Metadata = PlanInputs.Metadata(body) }, options),
            ("v1", "Namespace", Ownership.Patch) =>
                new Pulumi.Kubernetes.Core.V1.NamespacePatch(name, new NamespacePatchArgs { Metadata = PlanInputs.PatchMetadata(body["metadata"]) }, options),
            // The generic patch registers the same type token (kubernetes:apps/v1:DeploymentPatch) with
            // the same inputs, without the typed class's deep output tree, which the SDK walks by
            // reflection for every instance: at 10,000 workloads that walk was most of the run.
            ("apps/v1", "Deployment", Ownership.Patch) =>
                new CustomResourcePatch(name, new PlanObjectPatchArgs(item.ApiVersion, item.Kind)
                {
                    Metadata = PlanInputs.Metadata(body),
                    Spec = SidecarImageResources.ResolvedBody(item, context) is { } resolved
                        ? resolved.Apply(b => PlanInputs.ObjectMap(b["spec"]))
                        : PlanInputs.ObjectMap(body["spec"]),
                }, options),
            // Core kinds by their typed class: the generic one would name the type kubernetes:v1:Service, not kubernetes:core/v1:Service.
            ("v1", "Service", Ownership.Owned) =>
                new Pulumi.Kubernetes.Core.V1.Service(name, new Pulumi.Kubernetes.Types.Inputs.Core.V1.ServiceArgs
                {
                    Metadata = PlanInputs.Metadata(body),
                    Spec = new Pulumi.Kubernetes.Types.Inputs.Core.V1.ServiceSpecArgs
                    {
                        Selector = PlanInputs.StringMap(body["spec"]!["selector"]),
                        Ports = body["spec"]!["ports"]!.AsArray().Select(p => new Pulumi.Kubernetes.Types.Inputs.Core.V1.ServicePortArgs
                        {
                            Name = p!["name"]!.GetValue<string>(),
                            Port = p["port"]!.GetValue<int>(),
                            Protocol = p["protocol"]!.GetValue<string>(),
                            TargetPort = p["targetPort"]?.GetValue<int>() is { } target ? (InputUnion<int, string>)target : null!,
                        }).ToList(),
                    },
                }, options),
            ("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", Ownership.Owned) =>
                new K8sCustomResource(name, new PlanWebhookConfigurationArgs(item.ApiVersion, item.Kind)
                {
                    Metadata = PlanInputs.Metadata(body),
                    Webhooks = PlanInputs.ObjectList(body["webhooks"]),
                }, options),
            (_, _, Ownership.Owned) =>
                new K8sCustomResource(name, new PlanObjectArgs(item.ApiVersion, item.Kind)
                {
                    Metadata = PlanInputs.Metadata(body),
                    Spec = PlanInputs.ObjectMap(body["spec"]),
                }, options),
            _ =>
                new CustomResourcePatch(name, new PlanObjectPatchArgs(item.ApiVersion, item.Kind)
                {
                    Metadata = PlanInputs.Metadata(body),
                    Spec = PlanInputs.ObjectMap(body["spec"]),
                }, options),
        };
    }

    /// <summary>
    /// Helm v4 Chart, not v3 Release: every rendered object becomes its own Pulumi resource, so a
    /// pull request's preview shows the istiod Deployment or webhook that changes rather than one
    /// opaque release, and the Plan's ignore lists reach the webhooks through a transform. What v4
    /// gives up (hooks, atomic rollback) the Istio base and istiod charts do not use: they have no
    /// hook templates.
    /// </summary>
    private static Pulumi.Kubernetes.Helm.V4.Chart Chart(PlanItem item, Resource parent, ResourceContext context)
    {
        var spec = item.HelmRelease();
        var oci = spec.Repository.StartsWith("oci://", StringComparison.Ordinal);
        var args = new ChartArgs
        {
            // An OCI chart is addressed by its full reference; an HTTP repository by name plus repo.
            Chart = oci ? $"{spec.Repository.TrimEnd('/')}/{spec.Chart}" : spec.Chart,
            Version = spec.Version,
            Namespace = spec.Namespace,
            Name = spec.Name,
        };
        var resolved = SidecarImageResources.ResolvedBody(item, context);
        args.Values = resolved is null ? PlanInputs.ObjectMap(spec.Values) : resolved.Apply(b => PlanInputs.ObjectMap(b["values"]));
        if (!oci)
        {
            args.RepositoryOpts = new RepositoryOptsArgs { Repo = spec.Repository };
        }

        // The chart's children are named after the chart (its resource prefix), so the chart's alias
        // carries over to them.
        var options = (ComponentResourceOptions)OptionsFor(item, parent, context);
        return new Pulumi.Kubernetes.Helm.V4.Chart(context.ResourceName(item), args, options);
    }

    /// <summary>The options the item's resource is registered with, for every item kind; the one place they are decided.</summary>
    public static ResourceOptions OptionsFor(PlanItem item, Resource parent, ResourceContext context) => item.ItemKind switch
    {
        ItemKind.HelmRelease => ChartOptions(item, parent, context),
        // Docker Build's own default provider builds the images; the Kubernetes one has no say there.
        ItemKind.ImageBuild => Options<CustomResourceOptions>(item, parent, context, withProvider: false),
        _ => Options<CustomResourceOptions>(item, parent, context),
    };

    private static ComponentResourceOptions ChartOptions(PlanItem item, Resource parent, ResourceContext context)
    {
        var options = Options<ComponentResourceOptions>(item, parent, context);
        options.ResourceTransforms.Add(ChartTransforms.ChildOptions(item.Policy));
        return options;
    }
}
