using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

/// <summary>Namespaces, the istiod egress policy, enrolment, HTTP policies and enterprise mode.</summary>
public sealed partial class DomainTests
{
    [Fact]
    public void The_istiod_egress_policy_allows_todays_istiod_port_and_dns_not_the_stale_pilot_port()
    {
        var policy = TestStacks.Plan("dev").Item("networkpolicy.payments.calico-alp-allow-istiod").Body();
        var egress = policy["spec"]!["egress"]!.AsArray();
        var istiod = egress[0]!;
        Assert.Equal("app == 'istiod'", S(istiod["destination"]!["selector"]));
        Assert.Equal("projectcalico.org/name == 'istio-system'", S(istiod["destination"]!["namespaceSelector"]));
        Assert.Equal([15012L], istiod["destination"]!["ports"]!.AsArray().Select(p => p!.GetValue<long>()));
        Assert.DoesNotContain("15011", policy.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pilot", policy.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["UDP", "TCP"], egress.Skip(1).Select(r => S(r!["protocol"])));
        Assert.All(egress.Skip(1), r => Assert.Equal("k8s-app == 'kube-dns'", S(r!["destination"]!["selector"])));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("revisioned-istio-1.23")]
    public void Every_istiod_revision_is_reachable_and_the_allow_comes_first_in_its_tier(string stack)
    {
        // A selector naming one revision would cut the other revision's proxies off during a canary;
        // order 0 puts the allow ahead of a namespace's own explicit Deny at any positive order.
        var plan = TestStacks.Plan(stack);
        var policy = plan.Items.First(i => i.Name == "calico-alp-allow-istiod").Body();
        Assert.Equal("app == 'istiod'", S(policy["spec"]!["egress"]![0]!["destination"]!["selector"]));
        Assert.Equal(0, policy["spec"]!["order"]!.GetValue<double>());
    }

    [Fact]
    public void No_egress_isolating_policy_is_planned_for_a_namespace_that_was_not_declared_restricted()
    {
        foreach (var stack in TestStacks.Names)
        {
            var plan = TestStacks.Plan(stack);
            var restricted = plan.Settings.Namespaces.Where(n => n.Egress == EgressMode.Restricted).Select(n => n.Name).ToHashSet();
            var isolating = plan.Items.Where(i => i.Kind == "NetworkPolicy"
                && i.Body()["spec"]!["types"]!.AsArray().Any(t => S(t) == "Egress")).ToList();
            Assert.All(isolating, i => Assert.Contains(i.Namespace!, restricted));
            Assert.Equal(restricted.Order(), isolating.Select(i => i.Namespace!).Order());
        }
    }

    [Fact]
    public void Only_namespace_wide_enrolment_labels_a_namespace_and_created_namespaces_are_owned()
    {
        var wide = TestStacks.Plan("calico-node-env").Item("namespace.shop");
        Assert.Equal(Ownership.Patch, wide.Ownership);
        Assert.Equal("enabled", S(wide.Body()["metadata"]!["labels"]!["istio-injection"]));

        var created = TestStacks.Plan("crd-v1").Item("namespace.shop");
        Assert.Equal(Ownership.Owned, created.Ownership);
        Assert.Null(created.Body()["metadata"]!["labels"]);

        // Existing namespaces enrolled per workload are not touched at all.
        Assert.DoesNotContain(TestStacks.Plan("dev").Items, i => i.Kind == "Namespace" && i.Name != "istio-system");
    }

    [Fact]
    public void Per_workload_enrolment_opts_the_pod_in_by_its_own_label_with_the_revision_when_there_is_one()
    {
        var labels = TestStacks.Plan("dev").Item("deployment.payments.payments-api").Body()["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.Equal("true", S(labels["sidecar.istio.io/inject"]));

        var revisioned = TestStacks.Plan("revisioned-istio-1.23").Item("deployment.shop.cart").Body()["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.Equal("canary", S(revisioned["istio.io/rev"]));
        Assert.False(revisioned.ContainsKey("sidecar.istio.io/inject"));

        var wide = TestStacks.Plan("calico-node-env").Item("deployment.shop.cart").Body()["spec"]!["template"]!["metadata"]!;
        Assert.Null(wide["labels"]);
    }

    [Fact]
    public void Patches_pin_the_stack_field_manager_and_owned_objects_do_not()
    {
        var plan = TestStacks.Plan("dev");
        Assert.All(plan.Items.Where(i => i.Ownership == Ownership.Patch), i =>
            Assert.Equal("calico-alp-dev", S(i.Body()["metadata"]!["annotations"]!["pulumi.com/patchFieldManager"])));
        Assert.All(plan.Items.Where(i => i.Ownership == Ownership.Owned && i.ItemKind == ItemKind.KubernetesObject), i =>
            Assert.Null(i.Body()["metadata"]!["annotations"]?["pulumi.com/patchFieldManager"]));
    }

    [Fact]
    public void The_restart_annotation_changes_when_a_template_or_image_changes_and_only_then()
    {
        string Hash(params (string, string)[] values) => PlanBuilder.Build(TestStacks.Raw(values)).InjectionHash;
        var baseline = Hash();
        Assert.Equal(baseline, Hash());
        Assert.Equal(baseline, Hash(("authzTimeoutMs", "900"), ("istioMtlsMode", "PERMISSIVE")));
        Assert.NotEqual(baseline, Hash(("dikastesDebug", "true")));
        Assert.NotEqual(baseline, Hash(("dikastesImageDigest", "v3.33.1@sha256:" + new string('1', 64))));
        Assert.NotEqual(Hash(("dikastesImageDigest", "v3.33.1@sha256:" + new string('1', 64))), Hash(("dikastesImageDigest", "v3.33.1@sha256:" + new string('2', 64))));
        Assert.NotEqual(baseline, Hash(("proxyImageDigest", "1.31.0@sha256:" + new string('3', 64))));
        Assert.NotEqual(baseline, Hash(("istioVersion", "1.30.2")));
        Assert.NotEqual(baseline, Hash(("dikastesResources", """{"limits":{"memory":"128Mi"}}""")));
    }

    [Theory]
    [InlineData("dev", "felixconfiguration.default", "kubernetes:projectcalico.org/v3:FelixConfigurationPatch")]
    [InlineData("crd-v1", "namespace.shop", "kubernetes:core/v1:Namespace")]
    [InlineData("calico-node-env", "namespace.shop", "kubernetes:core/v1:NamespacePatch")]
    [InlineData("calico-node-env", "daemonset.kube-system.calico-node", "kubernetes:apps/v1:DaemonSetPatch")]
    [InlineData("dev", "deployment.payments.payments-api", "kubernetes:apps/v1:DeploymentPatch")]
    [InlineData("dev", "envoyfilter.istio-system.ext-authz", "kubernetes:networking.istio.io/v1alpha3:EnvoyFilter")]
    [InlineData("dev", "helmrelease.istio-system.istiod", "kubernetes:helm.sh/v4:Chart")]
    public void Each_item_names_the_pulumi_type_it_registers_as(string stack, string id, string type) =>
        Assert.Equal(type, PulumiTypes.For(TestStacks.Plan(stack).Item(id)));

    [Fact]
    public void Switching_alp_off_keeps_istio_and_rolls_workloads_back_to_a_plain_sidecar()
    {
        const string Namespaces = """[{"name":"shop","ownership":"create","enrolment":"workloads","workloads":["cart"],"egress":"restricted"},{"name":"web","enrolment":"namespace","workloads":["site"]}]""";
        var on = PlanBuilder.Build(TestStacks.Raw(("namespaces", Namespaces)));
        var off = PlanBuilder.Build(TestStacks.Raw(("namespaces", Namespaces), ("applicationLayerPolicy", "false")));

        Assert.DoesNotContain(off.Items, i => i.Concern is Concern.FelixPolicySync or Concern.AuthorizationServices);
        Assert.Contains(off.Items, i => i.Kind == "PeerAuthentication");
        Assert.Equal(on.Items.Where(i => i.ItemKind == ItemKind.HelmRelease).Select(i => i.Id), off.Items.Where(i => i.ItemKind == ItemKind.HelmRelease).Select(i => i.Id));
        Assert.Contains(off.Items, i => i.Id == "networkpolicy.shop.calico-alp-allow-istiod");
        Assert.Contains(off.Items, i => i.Id == "namespace.web" && i.Ownership == Ownership.Patch);

        var webhook = Istiod(off)["sidecarInjectorWebhook"]!.AsObject();
        Assert.False(webhook.ContainsKey("templates"));
        Assert.False(webhook.ContainsKey("defaultTemplates"));
        Assert.Empty(off.InjectorTemplates);

        Assert.NotEqual(on.InjectionHash, off.InjectionHash);
        var cart = Annotations(off.Item("deployment.shop.cart"));
        Assert.Equal(off.InjectionHash, cart["calico-alp.io/injection-hash"]);
        Assert.False(cart.ContainsKey("inject.istio.io/templates"));
        Assert.DoesNotContain("dikastes", off.Item("helmrelease.istio-system.istiod").Body().ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Enterprise_mode_plans_the_application_layer_and_workload_opt_in_and_no_istio_object()
    {
        var plan = TestStacks.Plan("enterprise");
        var layer = plan.Item("applicationlayer.tigera-secure");
        Assert.Equal(("operator.tigera.io/v1", Ownership.Owned), (layer.ApiVersion, layer.Ownership));
        Assert.Equal("Enabled", S(layer.Body()["spec"]!["sidecarInjection"]));
        Assert.DoesNotContain(plan.Items, i => i.ApiVersion.Contains("istio.io", StringComparison.Ordinal) || i.ItemKind == ItemKind.HelmRelease);
        Assert.DoesNotContain(plan.Items, i => i.Kind == "FelixConfiguration");
        Assert.Empty(plan.InjectorTemplates);

        var template = plan.Item("deployment.trading.quotes").Body()["spec"]!["template"]!["metadata"]!;
        Assert.Equal("true", S(template["labels"]!["applicationlayer.projectcalico.org/sidecar"]));
        Assert.Equal("Enabled", S(template["annotations"]!["applicationlayer.projectcalico.org/policy"]));
        Assert.Contains(layer.Id, plan.Item("deployment.trading.quotes").Dependencies);
    }

    [Fact]
    public void Http_policies_render_calicos_fields_with_types_from_their_rules()
    {
        var plan = TestStacks.Plan("crd-v1");
        var np = plan.Item("networkpolicy.shop.shop-read");
        Assert.Equal(("crd.projectcalico.org/v1", Ownership.Owned, Concern.HttpPolicies), (np.ApiVersion, np.Ownership, np.Concern));
        var spec = np.Body()["spec"]!;
        Assert.Equal(["Ingress"], spec["types"]!.AsArray().Select(S));
        Assert.Equal(10, spec["order"]!.GetValue<double>());
        var rule = spec["ingress"]![0]!;
        Assert.Equal(("Allow", "TCP"), (S(rule["action"]), S(rule["protocol"])));
        Assert.Equal(["web"], rule["source"]!["serviceAccounts"]!["names"]!.AsArray().Select(S));
        Assert.Equal("team == 'a'", S(rule["source"]!["serviceAccounts"]!["selector"]));
        Assert.Equal(["GET"], rule["http"]!["methods"]!.AsArray().Select(S));
        Assert.Equal(["exact=/cart", "prefix=/items/"], rule["http"]!["paths"]!.AsArray().Select(p => p!.AsObject().Single() is var (k, v) ? $"{k}={S(v)}" : ""));
        Assert.Contains("namespace.shop", np.Dependencies);

        var gnp = plan.Item("globalnetworkpolicy.gnp").Body()["spec"]!;
        Assert.Equal(["Ingress", "Egress"], gnp["types"]!.AsArray().Select(S));
        Assert.Equal("team == 'a'", S(gnp["namespaceSelector"]));
    }

    [Fact]
    public void Workloads_are_enrolled_only_after_the_policies_that_must_allow_their_traffic()
    {
        foreach (var stack in new[] { "dev", "crd-v1", "enterprise-example" })
        {
            var plan = TestStacks.Plan(stack);
            var policies = plan.ByConcern(Concern.HttpPolicies).Select(i => i.Id).ToList();
            Assert.NotEmpty(policies);
            Assert.All(plan.Items.Where(i => i.Kind == "Deployment"), w => Assert.All(policies, p => Assert.True(plan.WaitsFor(w, p), $"{w.Id} does not wait for {p}")));
        }
    }

    [Fact]
    public void The_dev_stack_carries_the_guides_trading_app_example_and_a_service_account_scoped_policy()
    {
        var plan = TestStacks.Plan("dev");
        var trading = plan.Item("globalnetworkpolicy.tradingapp-read-only").Body()["spec"]!;
        Assert.Equal("app == 'tradingapp'", S(trading["selector"]));
        var http = trading["ingress"]![0]!["http"]!;
        Assert.Equal(["GET"], http["methods"]!.AsArray().Select(S));
        Assert.Equal("/projects/calico", S(http["paths"]![0]!["exact"]));
        Assert.Equal("/users", S(http["paths"]![1]!["prefix"]));

        var payments = plan.Item("networkpolicy.payments.payments-from-frontend").Body()["spec"]!["ingress"]![0]!;
        Assert.Equal(["frontend"], payments["source"]!["serviceAccounts"]!["names"]!.AsArray().Select(S));
    }

    [Fact]
    public void The_enterprise_example_sets_the_application_layer_fields_and_workload_annotations()
    {
        var plan = TestStacks.Plan("enterprise-example");
        var spec = plan.Item("applicationlayer.tigera-secure").Body()["spec"]!;
        Assert.Equal(("Enabled", "Disabled"), (S(spec["sidecarInjection"]), S(spec["webApplicationFirewall"])));
        Assert.Equal(("Enabled", 5L, -1L), (S(spec["logCollection"]!["collectLogs"]), spec["logCollection"]!["logIntervalSeconds"]!.GetValue<long>(), spec["logCollection"]!["logRequestsPerInterval"]!.GetValue<long>()));
        Assert.Equal(1L, spec["envoy"]!["xffNumTrustedHops"]!.GetValue<long>());
        Assert.Null(spec["applicationLayerPolicy"]);

        var annotations = Annotations(plan.Item("deployment.trading.tradingapp"));
        Assert.Equal("Enabled", annotations["applicationlayer.projectcalico.org/policy"]);
        Assert.Equal("Enabled", annotations["applicationlayer.projectcalico.org/logging"]);
        Assert.False(annotations.ContainsKey("applicationlayer.projectcalico.org/waf"));
        Assert.DoesNotContain(plan.Items, i => i.Kind == "Namespace");
    }

    private static JsonObject Istiod(Plan plan) =>
        plan.Items.Single(i => i.ItemKind == ItemKind.HelmRelease && i.Body()["chart"]!.GetValue<string>() == "istiod").Body()["values"]!.AsObject();

    private static JsonNode Dikastes(string template) => InjectorTemplate.Dikastes(template);

    private static Dictionary<string, string> Annotations(PlanItem item) =>
        item.Body()["spec"]!["template"]!["metadata"]!["annotations"]!.AsObject().ToDictionary(p => p.Key, p => S(p.Value));
}
