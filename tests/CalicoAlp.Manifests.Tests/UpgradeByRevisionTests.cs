using System.Text.Json.Nodes;
using CalicoAlp.Stacks.Loading;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// examples/upgrade: an Istio upgrade by revision in four steps of one stack, read from what each
/// step's plan.json holds: what each step adds, changes and removes, and what it must not touch.
/// </summary>
public sealed class UpgradeByRevisionTests
{
    private const string TagInjector = "mutatingwebhookconfiguration.istio-revision-tag-prod-stable";
    private const string TagService = "service.istio-system.istiod-revision-tag-prod-stable";
    private const string PaymentsApi = "deployment.payments.payments-api";
    private const string Frontend = "deployment.alp-demo.frontend";

    /// <summary>Never removed by any step: the CRDs, the authorization services, mesh mTLS and the egress policy.</summary>
    internal static readonly string[] Kept =
    [
        "helmrelease.istio-system.istio-base", "serviceentry.istio-system.dikastes", "destinationrule.istio-system.dikastes-mtls",
        "envoyfilter.istio-system.ext-authz", "peerauthentication.istio-system.default", "networkpolicy.payments.calico-alp-allow-istiod",
    ];

    private static LoadResult Load(string step) => StepPlans.Load("upgrade", step);

    private static Dictionary<string, JsonObject> Items(string step) => StepPlans.Items("upgrade", step);

    private static (string[] Added, string[] Removed, string[] Changed) Diff(string from, string to) => StepPlans.Diff("upgrade", from, to);

    private static string Hash(Dictionary<string, JsonObject> items, string id) => StepPlans.Hash(items, id);

    [Fact]
    public void Step_2_adds_the_new_revision_beside_the_old_one_and_rolls_only_the_canary()
    {
        var (added, removed, changed) = Diff("step1", "step2");
        Assert.Equal(["helmrelease.istio-system.istiod-1-31-0", "mutatingwebhookconfiguration.istio-revision-tag-canary", "service.istio-system.istiod-revision-tag-canary"], added);
        Assert.Empty(removed);
        Assert.DoesNotContain(PaymentsApi, changed);
        Assert.Contains(Frontend, changed);
        Assert.Equal(Hash(Items("step1"), PaymentsApi), Hash(Items("step2"), PaymentsApi));
    }

    [Fact]
    public void Step_3_moves_the_tag_in_place_and_rolls_exactly_the_workloads_behind_it()
    {
        var (added, removed, changed) = Diff("step2", "step3");
        Assert.Empty(added);
        Assert.Empty(removed);
        // The tag's two objects keep their ids: an update in place, never a delete and a create with no injector between.
        Assert.Equal([PaymentsApi, TagInjector, TagService], changed);
        var (before, after) = (Items("step2"), Items("step3"));
        Assert.Equal("istiod-1-30-4", before[TagInjector]["webhooks"]![0]!["clientConfig"]!["service"]!["name"]!.GetValue<string>());
        Assert.All(after[TagInjector]["webhooks"]!.AsArray(), w => Assert.Equal("istiod-1-31-0", w!["clientConfig"]!["service"]!["name"]!.GetValue<string>()));
        Assert.NotEqual(Hash(before, PaymentsApi), Hash(after, PaymentsApi));
        Assert.Equal(Hash(before, Frontend), Hash(after, Frontend));
        // Now both workloads are injected by the one revision, so they carry the same hash.
        Assert.Equal(Hash(after, Frontend), Hash(after, PaymentsApi));
    }

    [Fact]
    public void Step_4_removes_only_the_old_revision_and_rolls_nothing()
    {
        var (added, removed, changed) = Diff("step3", "step4");
        Assert.Empty(added);
        Assert.Equal(["helmrelease.istio-system.istiod-1-30-4"], removed);
        Assert.DoesNotContain(PaymentsApi, changed);
        Assert.DoesNotContain(Frontend, changed);
    }

    [Theory]
    [InlineData("step1")]
    [InlineData("step2")]
    [InlineData("step3")]
    [InlineData("step4")]
    public void No_step_removes_the_crds_the_authorization_services_or_the_egress_policy(string step)
    {
        var items = Items(step);
        Assert.All(Kept, id => Assert.True(items.ContainsKey(id), $"{step} has no {id}"));
        // Every workload is enrolled by its tag, never by a revision's name.
        Assert.Equal("prod-stable", items[PaymentsApi]["spec"]!["template"]!["metadata"]!["labels"]!["istio.io/rev"]!.GetValue<string>());
    }

    [Fact]
    public void Removing_a_revision_a_tag_still_points_to_is_refused_naming_the_step_to_take_first()
    {
        var result = Load("step4-too-early");
        var error = Assert.Single(result.Errors);
        Assert.Equal("calico-alp:istioTags.prod-stable", error.Key);
        Assert.Equal("points to revision '1-30-4', which istioRevisions does not declare (1-31-0); move the tag first, remove the revision after", error.Message);
    }

    [Fact]
    public void Each_revision_runs_the_images_it_pins_and_a_production_stack_pins_every_revision()
    {
        var old = "1.30.4@sha256:" + new string('1', 64);
        var next = "1.31.0@sha256:" + new string('2', 64);
        string Pinned(string text) => text
            .Replace("calico-alp:environment: non-production", "calico-alp:environment: production\n  calico-alp:dikastesImageDigest: \"v3.33.1@sha256:" + new string('3', 64) + "\"", StringComparison.Ordinal)
            .Replace("calico-alp:istioMtlsMode: PERMISSIVE", "calico-alp:istioMtlsMode: STRICT", StringComparison.Ordinal)
            .Replace("      version: 1.30.4\n", $"      version: 1.30.4\n      istiodImageDigest: \"{old}\"\n      proxyImageDigest: \"{old}\"\n", StringComparison.Ordinal)
            .Replace("      version: 1.31.0\n", $"      version: 1.31.0\n      istiodImageDigest: \"{next}\"\n      proxyImageDigest: \"{next}\"\n", StringComparison.Ordinal);
        var items = StepPlans.Items(StepPlans.Variant("upgrade", "step2", Pinned));
        foreach (var (release, pin) in new[] { ("istiod-1-30-4", old), ("istiod-1-31-0", next) })
        {
            var values = items[$"helmrelease.istio-system.{release}"]["values"]!;
            Assert.Equal($"docker.io/istio/pilot:{pin}", values["image"]!.GetValue<string>());
            Assert.Equal($"docker.io/istio/proxyv2:{pin}", values["global"]!["proxy"]!["image"]!.GetValue<string>());
            Assert.Equal($"docker.io/istio/proxyv2:{pin}", values["global"]!["proxy_init"]!["image"]!.GetValue<string>());
        }

        // Without one revision's istiod pin, production refuses the stack, naming that revision's item.
        var error = Assert.Single(StepPlans.Variant("upgrade", "step2", t => Pinned(t).Replace($"      istiodImageDigest: \"{old}\"\n", string.Empty, StringComparison.Ordinal)).Errors);
        Assert.Equal("calico-alp:istioRevisions[0].istiodImageDigest", error.Key);
    }

    [Fact]
    public void A_pinned_workload_runs_its_revision_ahead_of_its_tag_and_the_rest_of_the_namespace_stays()
    {
        var items = StepPlans.Items(StepPlans.Variant("upgrade", "step2",
            t => t.Replace("      workloads: [payments-api]\n", "      workloads: [payments-api, ledger]\n      istioPins: {ledger: 1-31-0}\n", StringComparison.Ordinal)));
        const string Ledger = "deployment.payments.ledger";
        Assert.Equal("1-31-0", StepPlans.PodLabels(items, Ledger)!["istio.io/rev"]!.GetValue<string>());
        Assert.Equal("prod-stable", StepPlans.PodLabels(items, PaymentsApi)!["istio.io/rev"]!.GetValue<string>());
        // The pinned workload carries the new revision's hash (the canary's), its neighbour its tag's.
        Assert.Equal(Hash(items, Frontend), Hash(items, Ledger));
        Assert.Equal(Hash(Items("step2"), PaymentsApi), Hash(items, PaymentsApi));
        Assert.NotEqual(Hash(items, PaymentsApi), Hash(items, Ledger));
    }

    [Fact]
    public void The_default_validator_stays_on_a_running_istiod_until_the_old_revision_goes()
    {
        // Failing closed, the validator must never call an istiod the same step has not created yet.
        static string? Validator(string step) => Items(step)["helmrelease.istio-system.istio-base"]["values"]!["defaultRevision"]?.GetValue<string>();
        Assert.Equal(["1-30-4", "1-30-4", "1-30-4", "1-31-0"], new[] { "step1", "step2", "step3", "step4" }.Select(Validator));
    }
}
