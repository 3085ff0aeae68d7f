using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.SidecarImages;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// The facts of docs/domain.md, asserted on the Plan. One class in three files, by part of the
/// document: Felix and the Istio control plane here, the injector and authorization services in
/// DomainTests.Injector.cs, namespaces, egress and HTTP policies in DomainTests.Namespaces.cs.
/// </summary>
public sealed partial class DomainTests
{
    private static string S(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public void Felix_policy_sync_is_a_patch_of_felixconfiguration_default_in_the_configured_api_group()
    {
        foreach (var (stack, apiVersion) in new[] { ("dev", "projectcalico.org/v3"), ("crd-v1", "crd.projectcalico.org/v1") })
        {
            var item = TestStacks.Plan(stack).ByConcern(Concern.FelixPolicySync).Single();
            Assert.Equal((Ownership.Patch, "FelixConfiguration", "default", apiVersion), (item.Ownership, item.Kind, item.Name, item.ApiVersion));
            Assert.Equal("/var/run/nodeagent", S(item.Body()["spec"]!["policySyncPathPrefix"]));
            Assert.False(item.Policy.RetainOnDelete);
        }
    }

    [Fact]
    public void Manifest_installs_can_set_policy_sync_through_the_calico_node_environment_and_keep_it_on_destroy()
    {
        var item = TestStacks.Plan("calico-node-env").ByConcern(Concern.FelixPolicySync).Single();
        Assert.Equal((Ownership.Patch, "DaemonSet", "kube-system", "calico-node"), (item.Ownership, item.Kind, item.Namespace, item.Name));
        var env = item.Body()["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]![0]!;
        Assert.Equal(("FELIX_POLICYSYNCPATHPREFIX", "/var/run/nodeagent"), (S(env["name"]), S(env["value"])));
        Assert.True(item.Policy.RetainOnDelete);
    }

    [Fact]
    public void Istio_base_and_istiod_are_pinned_to_one_version_in_istio_system_with_istiod_after_base()
    {
        var plan = TestStacks.Plan("prod");
        var releases = plan.Items.Where(i => i.ItemKind == ItemKind.HelmRelease).ToList();
        Assert.Equal(["istio-base", "istiod"], releases.Select(r => r.Name));
        Assert.All(releases, r =>
        {
            var body = r.Body();
            Assert.Equal("1.31.0", S(body["version"]));
            Assert.Equal("istio-system", S(body["namespace"]));
            Assert.Equal("https://istio-release.storage.googleapis.com/charts", S(body["repository"]));
        });
        Assert.Contains(releases[0].Id, releases[1].Dependencies);
        Assert.All(releases, r =>
        {
            // failurePolicy is rendered Fail by both charts, so istiod never flips it; only caBundle drifts.
            Assert.Equal(["webhooks[*].clientConfig.caBundle"],
                r.Policy.ChildIgnores["kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration"].ToArray());
            Assert.Equal("Fail", S(r.Body()["values"]!["base"]!["validationFailurePolicy"]));
            Assert.Equal(["webhooks[*].clientConfig.caBundle"],
                r.Policy.ChildIgnores["kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration"].ToArray());
        });
        Assert.True(releases[1].Policy.Protect);
    }

    [Theory]
    [InlineData("dev", "PERMISSIVE")]
    [InlineData("prod", "STRICT")]
    public void Mesh_wide_mtls_is_one_selector_less_peer_authentication_in_the_root_namespace(string stack, string mode)
    {
        var peers = TestStacks.Plan(stack).Items.Where(i => i.Kind == "PeerAuthentication" && i.Namespace == "istio-system").ToList();
        var body = Assert.Single(peers).Body();
        Assert.Equal(("security.istio.io/v1", "default"), (S(body["apiVersion"]), S(body["metadata"]!["name"])));
        Assert.Equal(mode, S(body["spec"]!["mtls"]!["mode"]));
        Assert.Null(body["spec"]!["selector"]);
    }

    [Fact]
    public void A_namespace_mtls_override_is_a_peer_authentication_in_that_namespace()
    {
        var peer = TestStacks.Plan("revisioned-istio-1.23").Item("peerauthentication.shop.default");
        Assert.Equal("PERMISSIVE", S(peer.Body()["spec"]!["mtls"]!["mode"]));
    }

    [Fact]
    public void Native_sidecars_are_forced_through_env_from_istio_1_24_and_pilot_env_before()
    {
        var current = Istiod(TestStacks.Plan("dev"));
        Assert.Equal("true", S(current["env"]!["ENABLE_NATIVE_SIDECARS"]));
        Assert.Null(current["pilot"]);

        var old = Istiod(TestStacks.Plan("revisioned-istio-1.23"));
        Assert.Equal("true", S(old["pilot"]!["env"]!["ENABLE_NATIVE_SIDECARS"]));
        Assert.Null(old["env"]);
    }

    [Fact]
    public void Default_templates_include_dikastes_only_when_some_namespace_is_enrolled_namespace_wide()
    {
        Assert.Equal(["sidecar", "dikastes"], Istiod(TestStacks.Plan("calico-node-env"))["sidecarInjectorWebhook"]!["defaultTemplates"]!.AsArray().Select(S));
        Assert.Null(Istiod(TestStacks.Plan("dev"))["sidecarInjectorWebhook"]!["defaultTemplates"]);
        Assert.Null(Istiod(TestStacks.Plan("crd-v1"))["sidecarInjectorWebhook"]!["defaultTemplates"]);
    }

    [Fact]
    public void A_revision_names_istiod_and_sets_the_revision_in_both_charts()
    {
        var plan = TestStacks.Plan("revisioned-istio-1.23");
        Assert.Equal("canary", S(plan.Item("helmrelease.istio-system.istiod-canary").Body()["values"]!["revision"]));
        Assert.Equal("canary", S(plan.Item("helmrelease.istio-system.istio-base").Body()["values"]!["defaultRevision"]));
    }

    [Fact]
    public void A_prebuilt_proxy_image_reaches_istiod_and_the_prebuilt_dikastes_reaches_the_template()
    {
        var plan = TestStacks.Plan("prod");
        var values = Istiod(plan);
        Assert.Equal(plan.Images.Proxy, S(values["global"]!["proxy"]!["image"]));
        Assert.Matches("^registry\\.example\\.com/platform/calico-alp/istio-proxy:1\\.31\\.0-[0-9a-f]+@sha256:[0-9a-f]{64}$", plan.Images.Proxy);
        foreach (var template in plan.InjectorTemplates.Values)
        {
            Assert.Equal(plan.Images.Dikastes, S(Dikastes(template)["image"]));
        }
    }

    [Fact]
    public void Upstream_dikastes_is_tagged_with_the_calico_release_and_the_proxy_left_to_the_chart()
    {
        var plan = PlanBuilder.Build(TestStacks.Raw());
        Assert.Equal("quay.io/calico/calico:v3.33.1", plan.Images.Dikastes);
        Assert.Equal("quay.io/calico/dikastes:v3.32.3", PlanBuilder.Build(TestStacks.Raw(("calicoVersion", "v3.32.3"))).Images.Dikastes);
        Assert.Null(plan.Images.Proxy);
        Assert.Null(Istiod(plan)["global"]);
    }
}
