using System.Collections.Immutable;
using System.ComponentModel;
using CalicoAlp.Components.Concerns;
using CalicoAlp.Components.Configuration;
using CalicoAlp.Components.Resources;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.SidecarImages;
using CalicoAlp.Stacks.Settings;
using Pulumi;
using Pulumi.Kubernetes;

namespace CalicoAlp.Components;

/// <summary>
/// The root of the stack: one explicit Kubernetes provider, one component per concern, and every
/// Plan item as exactly one resource, registered in Plan order with the Plan's dependencies.
/// </summary>
[Description("Calico application layer policy for one cluster: Felix Policy Sync, Istio (base and istiod) with the Dikastes injector templates, the ext_authz wiring, the istiod egress policy, labeled namespaces with their workloads enrolled and restarted, HTTP method/path policies, and the sidecar images; or, in enterprise mode, the ApplicationLayer. Objects that exist before it are only patched. Each input is a config key of the calico-alp stack program, checked by the same rules as alp check.")]
public sealed class ApplicationLayerPolicy : ComponentResource
{
    public const string Type = "calico-alp:index:ApplicationLayerPolicy";

    /// <summary>
    /// Judges <paramref name="args"/> by the loader <c>alp check</c> runs and, when they are valid,
    /// registers the Plan they make. Invalid args end the program with every error, one per line,
    /// before anything is registered.
    /// </summary>
    public ApplicationLayerPolicy(string name, ApplicationLayerPolicyArgs args, ComponentResourceOptions? options = null)
        // Judged before the base constructor runs: that registers the component itself.
        : this(name, PlanOf(name, args), args.RegistryPassword?.ToOutput().Apply(p => Output.CreateSecret(p)), options)
    {
    }

    /// <summary>The stack program's component: settings <c>alp check</c>'s loader validated already, and the secret password.</summary>
    internal ApplicationLayerPolicy(string name, StackConfig config, ComponentResourceOptions? options = null)
        : this(name, PlanBuilder.Build(config.Settings), config.RegistryPassword, options)
    {
    }

    /// <summary>
    /// A component for a Plan built already: the one the args make, and the benchmark's and the
    /// tests that vary the Plan itself. The settings only learn that a password is set; its value
    /// stays a secret Output.
    /// </summary>
    internal ApplicationLayerPolicy(string name, Plan plan, Output<string>? registryPassword = null, ComponentResourceOptions? options = null)
        : base(Type, name, options)
    {
        Plan = plan;
        KubernetesProvider = CallersKubernetesProvider(options) ?? OwnProvider(name, plan);

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

        var credentials = plan.Settings.Images.RegistryUsername is { } user ? new RegistryCredentials(user, registryPassword) : null;
        var registered = new Dictionary<string, Resource>(StringComparer.Ordinal);
        var builtRefs = ImmutableSortedDictionary.Create<string, Output<string>>(StringComparer.Ordinal);
        var built = plan.BuiltImages.IsEmpty ? BuiltPlan.None : new BuiltPlan(BuiltImages.AffectedIds(plan), null);
        foreach (var item in plan.Items)
        {
            // A whole concern is waited for through its component, which Pulumi expands to all its children.
            var dependsOn = item.Dependencies.Select(id => registered[id])
                .Concat(item.WaitsForConcerns.Select(c => (Resource)concerns[c])).ToImmutableArray();
            var resource = concerns[item.Concern].Register(item, new ResourceContext(name, KubernetesProvider, dependsOn, plan, built, credentials, options?.DependsOn));
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
            : Output.All(builtRefs.Values).Apply(values => builtRefs.Keys.Zip(values).ToImmutableSortedDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
        // With built images, the outputs wait for the builds: they show what was pushed, not placeholders.
        StackOutputs = plan.BuiltImages.IsEmpty
            ? Output.Create(Manifests.Output.StackOutputs.For(plan))
            : BuiltImageRefs.Apply(r => Manifests.Output.StackOutputs.For(plan, r));
        Concerns = concerns.ToImmutableDictionary();
        ItemResources = registered.ToImmutableDictionary(StringComparer.Ordinal);

        Output<string> Text(string key) => StackOutputs.Apply(o => (string)o[key]);
        Output<IList<string>> List(string key) => StackOutputs.Apply(o => (IList<string>)(ImmutableArray<string>)o[key]);
        Mode = Text("mode");
        ApplicationLayerPolicyState = Text("applicationLayerPolicy");
        CalicoVersion = Text("calicoVersion");
        IstioVersion = Text("istioVersion");
        MtlsMode = Text("mtlsMode");
        MeshedNamespaces = List("meshedNamespaces");
        EnrolledWorkloads = List("enrolledWorkloads");
        SidecarImages = StackOutputs.Apply(o => (IDictionary<string, string>)(ImmutableSortedDictionary<string, string>)o["sidecarImages"]);
        InjectionHash = Text("injectionHash");
        Readme = Text("readme");
        var outputs = OutputMap();
        OutputNames = [.. outputs.Keys];
        RegisterOutputs(outputs);
    }

    /// <summary>The Plan the args make, or the end of the program with every error when they are invalid.</summary>
    private static Plan PlanOf(string name, ApplicationLayerPolicyArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var loaded = ComponentSettings.Load(Deployment.Instance.StackName, ComponentInputs.FromArgs(args));
        // RunException ends the program with its message and no stack trace.
        return loaded.Ok ? PlanBuilder.Build(loaded.Settings!) : throw new RunException(ComponentSettings.Refusal($"{Type} '{name}'", loaded.Errors));
    }

    private Dictionary<string, object?> OutputMap() => new(StringComparer.Ordinal)
    {
        ["mode"] = Mode,
        ["applicationLayerPolicy"] = ApplicationLayerPolicyState,
        ["calicoVersion"] = CalicoVersion,
        ["istioVersion"] = IstioVersion,
        ["mtlsMode"] = MtlsMode,
        ["meshedNamespaces"] = MeshedNamespaces,
        ["enrolledWorkloads"] = EnrolledWorkloads,
        ["sidecarImages"] = SidecarImages,
        ["injectionHash"] = InjectionHash,
        ["readme"] = Readme,
    };

    [Output("mode")]
    [Description("istio or enterprise.")]
    public Output<string> Mode { get; }

    [Output("applicationLayerPolicy")]
    [Description("on, or off when applicationLayerPolicy is false (Istio stays, ALP goes).")]
    public Output<string> ApplicationLayerPolicyState { get; }

    [Output("calicoVersion")]
    [Description("The Calico version Dikastes is pinned to.")]
    public Output<string> CalicoVersion { get; }

    [Output("istioVersion")]
    [Description("The Istio version of the charts; none in enterprise mode.")]
    public Output<string> IstioVersion { get; }

    [Output("mtlsMode")]
    [Description("The mesh-wide mTLS mode; none in enterprise mode.")]
    public Output<string> MtlsMode { get; }

    [Output("meshedNamespaces")]
    [Description("The meshed namespaces.")]
    public Output<IList<string>> MeshedNamespaces { get; }

    [Output("enrolledWorkloads")]
    [Description("The enrolled workloads, as namespace/deployment.")]
    public Output<IList<string>> EnrolledWorkloads { get; }

    [Output("sidecarImages")]
    [Description("The sidecar images the injector pins, by name (dikastes, proxy); with imageSource build, the pushed references.")]
    public Output<IDictionary<string, string>> SidecarImages { get; }

    [Output("injectionHash")]
    [Description("The hash enrolled workloads carry in their pod template; a change restarts them into the new sidecars.")]
    public Output<string> InjectionHash { get; }

    [Output("readme")]
    [Description("The stack README (Pulumi.README.md, filled in).")]
    public Output<string> Readme { get; }

    // Not outputs of the component's schema: the provider would refuse a member without an
    // Input or Output attribute, and other languages cannot hold these .NET objects anyway.
    internal ProviderResource KubernetesProvider { get; }

    /// <summary>The Plan the args made; what `alp render` prints for the same config.</summary>
    internal Plan Plan { get; }

    /// <summary>The references the image builds reported, by image name; empty unless imageSource is build.</summary>
    internal Output<ImmutableSortedDictionary<string, string>> BuiltImageRefs { get; }

    /// <summary>The stack outputs (<see cref="Manifests.Output.StackOutputs"/>), resolved with the built images.</summary>
    internal Output<ImmutableSortedDictionary<string, object>> StackOutputs { get; }

    internal ImmutableDictionary<Concern, ConcernComponent> Concerns { get; }

    /// <summary>Every Plan item's resource, by item id.</summary>
    internal ImmutableDictionary<string, Resource> ItemResources { get; }

    /// <summary>The outputs' names: the stack program exports each, as the stack outputs of the same name.</summary>
    internal ImmutableArray<string> OutputNames { get; }

    /// <summary>
    /// The Kubernetes provider the caller passed (options.Provider, or one of options.Providers):
    /// the cluster its program created or chose. Every child object goes through it; kubeContext
    /// is then not read.
    /// </summary>
    private static ProviderResource? CallersKubernetesProvider(ComponentResourceOptions? options) =>
        (options?.Providers ?? []).Append(options?.Provider).OfType<ProviderResource>()
            // A provider from another language arrives as a reference; its type names its package.
            .FirstOrDefault(p => p.GetResourceType() == PulumiTypes.KubernetesProvider);

    /// <summary>Without a provider from the caller: one of the component's own, on kubeContext (or the current context).</summary>
    private Pulumi.Kubernetes.Provider OwnProvider(string name, Plan plan)
    {
        var providerArgs = new ProviderArgs { EnableServerSideApply = true };
        if (plan.Settings.Cluster.KubeContext is { } context)
        {
            providerArgs.Context = context;
        }

        return new Pulumi.Kubernetes.Provider($"{name}-k8s", providerArgs, new CustomResourceOptions { Parent = this });
    }

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
