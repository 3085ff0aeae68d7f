using System.Collections.Immutable;
using System.Reflection;
using CalicoAlp.Components.Resources;
using CalicoAlp.Infra;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.SidecarImages;
using Pulumi;

namespace CalicoAlp.Components.Tests;

/// <summary>
/// What the mocks cannot show (a remote component's providers map, aliases, retain-on-delete),
/// proven from the options each item kind is registered with and the resources the SDK built.
/// </summary>
[Collection(PulumiTestGroup.Name)]
public sealed class ResourceOptionsTests
{
    [Fact]
    public async Task Both_charts_are_given_the_stack_provider_explicitly_not_by_inheritance()
    {
        var run = await StackRun.Of("dev");
        var root = Assert.Single(run.Resources.OfType<ApplicationLayerPolicy>());
        var charts = run.Resources.OfType<Pulumi.Kubernetes.Helm.V4.Chart>().ToList();
        Assert.Equal(2, charts.Count);

        // The SDK sends a remote component's providers map to the engine from the providers the
        // component was constructed with, which it records per package on the resource.
        var providers = typeof(Resource).GetField("_providers", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("the pinned SDK no longer keeps Resource._providers; find another witness");
        foreach (var chart in charts)
        {
            var map = (ImmutableDictionary<string, ProviderResource>)providers.GetValue(chart)!;
            Assert.Same(root.KubernetesProvider, map["kubernetes"]);
        }

        // Its parent component has none, so nothing but the explicit option could have put it there.
        var parent = (ImmutableDictionary<string, ProviderResource>)providers.GetValue(root.Concerns[Concern.IstioControlPlane])!;
        Assert.False(parent.ContainsKey("kubernetes"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_item_kind_takes_protect_retain_ignores_dependencies_and_its_old_name_as_alias(bool retain)
    {
        var plan = AlpProgramTests.PlanOf(StackRun.DevBuild);
        var kinds = plan.Items.Select(i => i.ItemKind).Distinct().ToList();
        Assert.Equal(3, kinds.Count);

        var outcome = Pulumi.Deployment.TestAsync(new RecordingMocks(), new Pulumi.Testing.TestOptions { IsPreview = false }, async () =>
        {
            var provider = new Pulumi.Kubernetes.Provider("k8s");
            var parent = new ComponentResource("test:index:Parent", "parent");
            var dependency = new ComponentResource("test:index:Dependency", "dependency");
            var context = new ResourceContext("alp", provider, [dependency], plan, BuiltPlan.None, null);
            foreach (var item in plan.Items)
            {
                var policy = new ResourcePolicy(Protect: true, RetainOnDelete: retain, IgnoreChanges: ["metadata.labels"]);
                var options = PlanResources.OptionsFor(item with { Policy = policy }, parent, context);
                Assert.Same(parent, options.Parent);
                Assert.True(options.Protect, item.Id);
                Assert.Equal(retain ? true : null, options.RetainOnDelete);
                Assert.Equal(["metadata.labels"], options.IgnoreChanges);
                var dependsOn = await Pulumi.Utilities.OutputUtilities.GetValueAsync(options.DependsOn.ToOutput());
                Assert.Same(dependency, Assert.Single(dependsOn));
                var alias = await Pulumi.Utilities.OutputUtilities.GetValueAsync(Assert.Single(options.Aliases).ToOutput());
                Assert.Equal(item.Id, await Pulumi.Utilities.OutputUtilities.GetValueAsync(alias.Name!.ToOutput()));
                switch (item.ItemKind)
                {
                    case ItemKind.HelmRelease:
                        var chart = Assert.IsType<ComponentResourceOptions>(options);
                        Assert.Same(provider, chart.Provider);
                        Assert.Single(chart.ResourceTransforms);
                        break;
                    case ItemKind.ImageBuild:
                        Assert.Null(Assert.IsType<CustomResourceOptions>(options).Provider);
                        break;
                    default:
                        Assert.Same(provider, Assert.IsType<CustomResourceOptions>(options).Provider);
                        break;
                }
            }

            return new Dictionary<string, object?>();
        });
        await outcome;
    }

    [Fact]
    public async Task Two_components_in_one_program_register_without_a_name_collision()
    {
        var plan = AlpProgramTests.PlanOf("dev");
        var mocks = new RecordingMocks();
        await Pulumi.Deployment.TestAsync(mocks, new Pulumi.Testing.TestOptions { IsPreview = false }, () =>
        {
            _ = new ApplicationLayerPolicy("blue", plan);
            _ = new ApplicationLayerPolicy("green", plan);
            return Task.FromResult<IDictionary<string, object?>>(new Dictionary<string, object?>());
        });

        var names = mocks.Registered.Select(r => $"{r.Type}::{r.Name}").ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(names, n => n.EndsWith("::blue-helmrelease.istio-system.istiod", StringComparison.Ordinal));
        Assert.Contains(names, n => n.EndsWith("::green-helmrelease.istio-system.istiod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_build_mode_stacks_outputs_show_the_pushed_references_and_the_hash_the_workloads_carry()
    {
        var run = await StackRun.Of(StackRun.DevBuild);
        var plan = AlpProgramTests.PlanOf(StackRun.DevBuild);
        var refs = plan.ByConcern(Concern.SidecarImages).ToDictionary(i => i.Name,
            i => RecordingMocks.BuiltReference(i.Body()["tags"]![0]!.GetValue<string>()), StringComparer.Ordinal);

        var images = (ImmutableSortedDictionary<string, string>)run.Outputs["sidecarImages"]!;
        Assert.Equal(refs["dikastes"], images["dikastes"]);
        Assert.Equal(refs["istio-proxy"], images["proxy"]);

        var hash = (string)run.Outputs["injectionHash"]!;
        var workload = run.Registered.Single(r => r.Name == $"{AlpProgram.RootName}-deployment.payments.payments-api");
        var annotations = (ImmutableDictionary<string, object>)((ImmutableDictionary<string, object>)((ImmutableDictionary<string, object>)((ImmutableDictionary<string, object>)workload.Inputs["spec"])["template"])["metadata"])["annotations"];
        Assert.Equal(hash, annotations["calico-alp.io/injection-hash"]);
        Assert.NotEqual(plan.InjectionHash, hash);

        var readme = (string)run.Outputs["readme"]!;
        Assert.Contains(refs["dikastes"], readme, StringComparison.Ordinal);
        Assert.DoesNotContain(ImageResolver.PendingBuildRegistry, readme, StringComparison.Ordinal);
    }
}
