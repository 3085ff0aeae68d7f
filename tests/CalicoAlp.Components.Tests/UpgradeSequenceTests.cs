using System.Collections.Immutable;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Components.Tests;

/// <summary>examples/upgrade under the Pulumi mocks: each step's registrations, as `pulumi up` would send them, one stack through the four files.</summary>
[Collection(PulumiTestGroup.Name)]
public sealed class UpgradeSequenceTests
{
    private static async Task<ImmutableDictionary<string, string>> Registrations(string step)
    {
        var run = await StackRun.OfFile("upgrade", Path.Combine(RepoPaths.Root, "examples", "upgrade", $"Pulumi.{step}.yaml"));
        // name -> type, and the inputs for the ones whose content the steps move.
        return run.Registered.ToImmutableDictionary(r => r.Name!, r => $"{r.Type} {AlpProgramTests.Json(r.Inputs).ToJsonString()}", StringComparer.Ordinal);
    }

    [Fact]
    public async Task Each_step_registers_what_its_plan_says_and_the_tag_keeps_its_resource_across_the_move()
    {
        var (one, two, three, four) = (await Registrations("step1"), await Registrations("step2"), await Registrations("step3"), await Registrations("step4"));
        const string NewIstiod = "calico-alp-helmrelease.istio-system.istiod-1-31-0";
        const string OldIstiod = "calico-alp-helmrelease.istio-system.istiod-1-30-4";
        const string Tag = "calico-alp-mutatingwebhookconfiguration.istio-revision-tag-prod-stable";

        Assert.DoesNotContain(NewIstiod, one.Keys);
        Assert.Contains(NewIstiod, two.Keys);
        Assert.Equal(two.Keys.Order(StringComparer.Ordinal), three.Keys.Order(StringComparer.Ordinal));
        // The tag is one resource throughout; step 3 changes its inputs (the istiod it calls), not its name.
        Assert.All(new[] { one, two, three, four }, step => Assert.Contains(Tag, step.Keys));
        Assert.Contains("istiod-1-30-4", two[Tag], StringComparison.Ordinal);
        Assert.Contains("istiod-1-31-0", three[Tag], StringComparison.Ordinal);
        Assert.DoesNotContain("istiod-1-30-4", three[Tag], StringComparison.Ordinal);
        Assert.Contains(OldIstiod, three.Keys);
        Assert.DoesNotContain(OldIstiod, four.Keys);
        Assert.Equal(three.Remove(OldIstiod).Keys.Order(StringComparer.Ordinal), four.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_tag_objects_register_as_their_kubernetes_types_with_the_rendered_content()
    {
        var file = Path.Combine(RepoPaths.Root, "examples", "upgrade", "Pulumi.step3.yaml");
        var run = await StackRun.OfFile("upgrade", file);
        var plan = Manifests.Planning.PlanBuilder.Build(Stacks.Loading.StackLoader.FromFiles(RepoPaths.Root, "upgrade", file).Settings!);
        var injector = Assert.Single(run.Registered, r => r.Name == "calico-alp-mutatingwebhookconfiguration.istio-revision-tag-prod-stable");
        Assert.Equal("kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration", injector.Type);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(plan.Item("mutatingwebhookconfiguration.istio-revision-tag-prod-stable").Body()["webhooks"],
            AlpProgramTests.Json(injector.Inputs)["webhooks"]), "the registered webhooks differ from the rendered ones");
        var service = Assert.Single(run.Registered, r => r.Name == "calico-alp-service.istio-system.istiod-revision-tag-prod-stable");
        Assert.Equal("kubernetes:core/v1:Service", service.Type);
        var spec = AlpProgramTests.Json(service.Inputs)["spec"]!;
        Assert.Equal("1-31-0", spec["selector"]!["istio.io/rev"]!.GetValue<string>());
        Assert.Equal(15017d, spec["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "https-webhook")!["targetPort"]!.GetValue<double>());
    }

    [Fact]
    public async Task Moving_onto_revisions_keeps_the_old_istiod_resource_and_drops_its_injector_only_after_tag_default_is_registered()
    {
        async Task<Dictionary<string, Registration>> Step(string step) =>
            (await ComponentRegistrations.OfProgram("migrate", StackRun.Config("migrate", Path.Combine(RepoPaths.Root, "examples", "migrate", $"Pulumi.{step}.yaml"))))
                .ToDictionary(r => r.Name, StringComparer.Ordinal);
        const string OldIstiod = "calico-alp-helmrelease.istio-system.istiod";
        const string TagInjector = "calico-alp-mutatingwebhookconfiguration.istio-revision-tag-default";
        const string TagService = "calico-alp-service.istio-system.istiod-revision-tag-default";
        var (zero, one, two, three) = (await Step("step0"), await Step("step1"), await Step("step2"), await Step("step3"));

        // Declared as revision default, the revision-less istiod is the same resource with the same inputs.
        Assert.Equal(zero[OldIstiod].Inputs, one[OldIstiod].Inputs);
        Assert.Equal(zero[OldIstiod].Type, one[OldIstiod].Type);
        Assert.DoesNotContain(TagInjector, one.Keys);
        // Step 2: the tag's resources are new, and the old istiod's update (dropping its injector) waits for both.
        Assert.Contains("operatorManageWebhooks", two[OldIstiod].Inputs, StringComparison.Ordinal);
        Assert.DoesNotContain("operatorManageWebhooks", one[OldIstiod].Inputs, StringComparison.Ordinal);
        Assert.Contains(TagInjector, two[OldIstiod].DependsOn.Split(','));
        Assert.Contains(TagService, two[OldIstiod].DependsOn.Split(','));
        Assert.Contains("istiod-1-31-0", two[TagInjector].Inputs, StringComparison.Ordinal);
        // Step 3: the old istiod goes; the tag stays the same resource.
        Assert.DoesNotContain(OldIstiod, three.Keys);
        Assert.Equal(two[TagInjector].Inputs, three[TagInjector].Inputs);
    }
}
