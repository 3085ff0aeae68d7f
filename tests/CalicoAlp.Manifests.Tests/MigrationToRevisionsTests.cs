using System.Text.Json.Nodes;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// examples/migrate: a stack with today's revision-less istiod moved onto revisions in three steps,
/// read from each step's plan: the old istiod is kept untouched until tag default takes its labels
/// over, its injector goes only after the tag's exists, and only then is it removed.
/// </summary>
public sealed class MigrationToRevisionsTests
{
    private const string Example = "migrate";
    private const string RevisionLess = "helmrelease.istio-system.istiod";
    private const string NewRevision = "helmrelease.istio-system.istiod-1-31-0";
    private const string TagInjector = "mutatingwebhookconfiguration.istio-revision-tag-default";
    private const string TagService = "service.istio-system.istiod-revision-tag-default";
    private const string PaymentsApi = "deployment.payments.payments-api";
    private const string Frontend = "deployment.alp-demo.frontend";

    private static Dictionary<string, JsonObject> Items(string step) => StepPlans.Items(Example, step);

    private static JsonNode? Values(Dictionary<string, JsonObject> items, string id) => items[id]["values"];

    [Fact]
    public void Step_1_declares_the_revision_less_istiod_as_revision_default_without_touching_it_or_its_workloads()
    {
        var (added, removed, changed) = StepPlans.Diff(Example, "step0", "step1");
        Assert.Equal([NewRevision], added);
        Assert.Empty(removed);
        // The old release keeps its id and its values; the base chart (the CRDs) moves to the newest revision first.
        Assert.DoesNotContain(RevisionLess, changed);
        Assert.Contains("helmrelease.istio-system.istio-base", changed);
        Assert.DoesNotContain(PaymentsApi, changed);
        // The canary names the new revision itself, ahead of any tag.
        Assert.Contains(Frontend, changed);
        Assert.Equal("1-31-0", StepPlans.PodLabels(Items("step1"), Frontend)!["istio.io/rev"]!.GetValue<string>());
    }

    [Fact]
    public void Step_2_points_tag_default_at_the_new_revision_and_switches_the_old_injector_off_after_the_tag_exists()
    {
        var (added, removed, changed) = StepPlans.Diff(Example, "step1", "step2");
        Assert.Equal([TagInjector, TagService], added);
        Assert.Empty(removed);
        Assert.Contains(RevisionLess, changed);
        Assert.Contains(PaymentsApi, changed);

        var (before, after) = (Items("step1"), Items("step2"));
        Assert.Null(Values(before, RevisionLess)!["global"]);
        Assert.True(Values(after, RevisionLess)!["global"]!["operatorManageWebhooks"]!.GetValue<bool>());
        // Only the old release's injector goes, and only once the tag's injector and Service are there.
        var plan = StepPlans.Load(Example, "step2").Settings!;
        var item = Manifests.Planning.PlanBuilder.Build(plan).Items.Single(i => i.Id == RevisionLess);
        Assert.Contains(TagInjector, item.Dependencies);
        Assert.Contains(TagService, item.Dependencies);
        Assert.Null(Values(after, NewRevision)!["global"]?["operatorManageWebhooks"]);

        // The tag calls the new istiod and answers the legacy labels the workloads already carry: nothing is relabelled.
        Assert.All(after[TagInjector]["webhooks"]!.AsArray(), w => Assert.Equal("istiod-1-31-0", w!["clientConfig"]!["service"]!["name"]!.GetValue<string>()));
        Assert.Contains(after[TagInjector]["webhooks"]!.AsArray(), w => w!["name"]!.GetValue<string>() == "object.sidecar-injector.istio.io");
        Assert.Equal(StepPlans.PodLabels(before, PaymentsApi)!.ToJsonString(), StepPlans.PodLabels(after, PaymentsApi)!.ToJsonString());
        Assert.NotEqual(StepPlans.Hash(before, PaymentsApi), StepPlans.Hash(after, PaymentsApi));
        // The canary joins the tag on the revision it already ran: its hash stays.
        Assert.Equal(StepPlans.Hash(before, Frontend), StepPlans.Hash(after, Frontend));
        Assert.Equal("1-31-0", after["helmrelease.istio-system.istio-base"]["values"]!["defaultRevision"]!.GetValue<string>());
    }

    [Fact]
    public void Step_3_removes_only_the_revision_less_istiod_and_rolls_nothing()
    {
        var (added, removed, changed) = StepPlans.Diff(Example, "step2", "step3");
        Assert.Empty(added);
        Assert.Equal([RevisionLess], removed);
        Assert.DoesNotContain(PaymentsApi, changed);
        Assert.DoesNotContain(Frontend, changed);
        Assert.DoesNotContain(TagInjector, changed);
    }

    [Theory]
    [InlineData("step0")]
    [InlineData("step1")]
    [InlineData("step2")]
    [InlineData("step3")]
    public void No_step_removes_the_crds_the_authorization_services_or_the_egress_policy(string step)
    {
        var items = Items(step);
        Assert.All(UpgradeByRevisionTests.Kept, id => Assert.True(items.ContainsKey(id), $"{step} has no {id}"));
        // Every step keeps payments-api on the legacy label tag default answers, as the revision-less istiod did.
        Assert.Equal("true", StepPlans.PodLabels(items, PaymentsApi)!["sidecar.istio.io/inject"]!.GetValue<string>());
    }

    [Fact]
    public void The_revision_less_istiod_in_istio_revisions_needs_tag_default_to_say_who_answers_the_legacy_labels()
    {
        var result = StepPlans.Variant(Example, "step1", t => t
            .Replace("  calico-alp:istioTags:\n    default: default\n", "  calico-alp:istioTags:\n    canary: 1-31-0\n", StringComparison.Ordinal)
            .Replace("istioTag: default", "istioTag: canary", StringComparison.Ordinal));
        var error = Assert.Single(result.Errors);
        Assert.Equal("calico-alp:istioTags.default", error.Key);
        Assert.StartsWith("missing; with the revision-less istiod (default) in istioRevisions, tag default says which revision answers the legacy labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_kept_on_the_revision_less_istiod_after_tag_default_moves_calls_it_and_waits_for_it()
    {
        var items = StepPlans.Items(StepPlans.Variant(Example, "step2", t => t
            .Replace("    default: 1-31-0\n", "    default: 1-31-0\n    legacy: default\n", StringComparison.Ordinal)
            .Replace("      workloads: [frontend]\n      istioTag: default", "      workloads: [frontend]\n      istioTag: legacy", StringComparison.Ordinal)));
        const string Legacy = "mutatingwebhookconfiguration.istio-revision-tag-legacy";
        Assert.All(items[Legacy]["webhooks"]!.AsArray(), w => Assert.Equal("istiod", w!["clientConfig"]!["service"]!["name"]!.GetValue<string>()));
        Assert.Equal("legacy", StepPlans.PodLabels(items, Frontend)!["istio.io/rev"]!.GetValue<string>());
        var plan = Manifests.Planning.PlanBuilder.Build(StepPlans.Variant(Example, "step2", t => t.Replace("    default: 1-31-0\n", "    default: 1-31-0\n    legacy: default\n", StringComparison.Ordinal)).Settings!);
        Assert.Contains(RevisionLess, plan.Items.Single(i => i.Id == Legacy).Dependencies);
        // The workload on tag legacy keeps the revision-less istiod's hash: it does not roll.
        Assert.Equal(StepPlans.Hash(Items("step1"), PaymentsApi), StepPlans.Hash(items, Frontend));
    }
}
