using System.Collections.Immutable;
using CalicoAlp.Components.Concerns;
using CalicoAlp.Components.Resources;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.SidecarImages;
using CalicoAlp.Stacks.Settings;
using Pulumi;
using Pulumi.Kubernetes;

namespace CalicoAlp.Components;

/// <summary>Typed args of the root component: the whole Plan, and the registry password as a secret Output.</summary>
public sealed record ApplicationLayerPolicyArgs(Plan Plan, Output<string>? RegistryPassword = null);

/// <summary>
/// The root of the stack: one explicit Kubernetes provider, one component per concern, and every
/// Plan item as exactly one resource, registered in Plan order with the Plan's dependencies.
/// </summary>
public sealed class ApplicationLayerPolicy : ComponentResource
{
    public const string Type = "calico-alp:index:ApplicationLayerPolicy";

    public ApplicationLayerPolicy(string name, ApplicationLayerPolicyArgs args, ComponentResourceOptions? options = null)
        : base(Type, name, options)
    {
        var plan = args.Plan;
        var providerArgs = new ProviderArgs { EnableServerSideApply = true };
        if (plan.Settings.Cluster.KubeContext is { } context)
        {
            providerArgs.Context = context;
        }

        KubernetesProvider = new Pulumi.Kubernetes.Provider($"{name}-k8s", providerArgs, new CustomResourceOptions { Parent = this });

        var concerns = new Dictionary<Concern, ConcernComponent>();
        var childOptions = new ComponentResourceOptions { Parent = this };
        if (plan.Settings.Mode == AlpMode.Istio)
        {
            concerns[Concern.InjectorTemplates] = new InjectorTemplates($"{name}-injector-templates", plan, childOptions);
        }

        foreach (var concern in plan.Items.Select(i => i.Concern).Distinct())
        {
            var slice = new ConcernArgs(concern, [.. plan.Items.Where(i => i.Concern == concern)]);
            concerns[concern] = Component(concern, $"{name}-{concern.Kebab()}", slice, new ComponentResourceOptions { Parent = this });
        }

        var credentials = plan.Settings.Images.RegistryUsername is { } user ? new RegistryCredentials(user, args.RegistryPassword) : null;
        var registered = new Dictionary<string, Resource>(StringComparer.Ordinal);
        var builtRefs = ImmutableSortedDictionary.Create<string, Output<string>>(StringComparer.Ordinal);
        var built = plan.BuiltImages.IsEmpty ? BuiltPlan.None : new BuiltPlan(BuiltImages.AffectedIds(plan), null);
        foreach (var item in plan.Items)
        {
            // A whole concern is waited for through its component, which Pulumi expands to all its children.
            var dependsOn = item.Dependencies.Select(id => registered[id])
                .Concat(item.WaitsForConcerns.Select(c => (Resource)concerns[c])).ToImmutableArray();
            var resource = concerns[item.Concern].Register(item, new ResourceContext(name, KubernetesProvider, dependsOn, plan, built, credentials));
            registered[item.Id] = resource;
            if (resource is Pulumi.DockerBuild.Image image)
            {
                // Image builds come first in the Plan; everything after them sees their references.
                builtRefs = builtRefs.Add(item.Name, image.Ref);
                built = SidecarImageResources.Resolve(built, plan, builtRefs);
            }
        }

        foreach (var component in concerns.Values)
        {
            component.Complete();
        }

        BuiltImageRefs = builtRefs.IsEmpty
            ? Output.Create(ImmutableSortedDictionary<string, string>.Empty)
            : Output.All(builtRefs.Values).Apply(refs => builtRefs.Keys.Zip(refs).ToImmutableSortedDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
        Concerns = concerns.ToImmutableDictionary();
        ItemResources = registered.ToImmutableDictionary(StringComparer.Ordinal);
        RegisterOutputs(new Dictionary<string, object?> { ["items"] = plan.Items.Length });
    }

    public Pulumi.Kubernetes.Provider KubernetesProvider { get; }

    /// <summary>The references the image builds reported, by image name; empty unless imageSource is build.</summary>
    public Output<ImmutableSortedDictionary<string, string>> BuiltImageRefs { get; }

    public ImmutableDictionary<Concern, ConcernComponent> Concerns { get; }

    /// <summary>Every Plan item's resource, by item id.</summary>
    public ImmutableDictionary<string, Resource> ItemResources { get; }

    private static ConcernComponent Component(Concern concern, string name, ConcernArgs args, ComponentResourceOptions options) => concern switch
    {
        Concern.FelixPolicySync => new FelixPolicySync(name, args, options),
        Concern.IstioControlPlane => new IstioControlPlane(name, args, options),
        Concern.AuthorizationServices => new AuthorizationServices(name, args, options),
        Concern.IstiodEgressPolicy => new IstiodEgressPolicy(name, args, options),
        Concern.MeshNamespaces => new MeshNamespaces(name, args, options),
        Concern.ApplicationLayer => new ApplicationLayer(name, args, options),
        Concern.HttpPolicies => new HttpPolicies(name, args, options),
        Concern.SidecarImages => new SidecarImages(name, args, options),
        _ => throw new InvalidOperationException($"no component maps the {concern} concern"),
    };
}
