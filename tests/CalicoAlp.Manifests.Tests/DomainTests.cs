using CalicoAlp.Tests.Support;
using System.Text.Json.Nodes;
using CalicoAlp.Manifests.InjectorTemplates;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.SidecarImages;
using CalicoAlp.Manifests.Tests.Schemas;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.Tests;

/// <summary>The facts of alp-domain.md, asserted on the Plan.</summary>
public sealed class DomainTests
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
            Assert.Equal("1.30.3", S(body["version"]));
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
        Assert.Matches("^registry\\.example\\.com/platform/calico-alp/istio-proxy@sha256:[0-9a-f]{64}$", plan.Images.Proxy);
        foreach (var template in plan.InjectorTemplates.Values)
        {
            Assert.Equal(plan.Images.Dikastes, S(Dikastes(template)["image"]));
        }
    }

    [Fact]
    public void Upstream_dikastes_is_tagged_with_the_calico_release_and_the_proxy_left_to_the_chart()
    {
        var plan = PlanBuilder.Build(TestStacks.Raw());
        Assert.Equal($"{ImageResolver.UpstreamDikastes}:v3.32.1", plan.Images.Dikastes);
        Assert.Null(plan.Images.Proxy);
        Assert.Null(Istiod(plan)["global"]);
    }

    [Fact]
    public void The_dikastes_template_carries_the_container_mounts_volumes_probes_and_users_of_the_guide()
    {
        var plan = TestStacks.Plan("prod");
        var workload = YamlJson.Single(plan.InjectorTemplates["dikastes"])!;
        foreach (var (template, user, nonRoot) in new[] { (workload, 999L, true) })
        {
            var container = template["spec"]!["containers"]!.AsArray().Single()!;
            Assert.Equal("dikastes", S(container["name"]));
            Assert.Equal(["server", "-l", "/var/run/dikastes/dikastes.sock", "-d", "/var/run/felix/nodeagent/socket"], container["args"]!.AsArray().Select(S));
            Assert.Equal(["/healthz", "liveness"], container["livenessProbe"]!["exec"]!["command"]!.AsArray().Select(S));
            Assert.Equal(["/healthz", "readiness"], container["readinessProbe"]!["exec"]!["command"]!.AsArray().Select(S));
            Assert.Equal(3, container["readinessProbe"]!["periodSeconds"]!.GetValue<long>());
            Assert.Equal(user, container["securityContext"]!["runAsUser"]!.GetValue<long>());
            Assert.Equal(user, container["securityContext"]!["runAsGroup"]!.GetValue<long>());
            Assert.Equal(nonRoot, container["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
            Assert.False(container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
            Assert.Equal(["dikastes-sock=/var/run/dikastes", "felix-sync=/var/run/felix"],
                container["volumeMounts"]!.AsArray().Select(m => $"{S(m!["name"])}={S(m["mountPath"])}"));
            Assert.Equal("64Mi", S(container["resources"]!["requests"]!["memory"]));

            var proxy = template["spec"]!["initContainers"]!.AsArray().Single()!;
            Assert.Equal("istio-proxy", S(proxy["name"]));
            Assert.Equal("/var/run/dikastes", S(proxy["volumeMounts"]![0]!["mountPath"]));
            Assert.Null(proxy["image"]);

            var volumes = template["spec"]!["volumes"]!.AsArray();
            Assert.Equal("Memory", S(volumes.Single(v => S(v!["name"]) == "dikastes-sock")!["emptyDir"]!["medium"]));
            Assert.Equal("csi.tigera.io", S(volumes.Single(v => S(v!["name"]) == "felix-sync")!["csi"]!["driver"]));
        }
    }

    [Fact]
    public void Dikastes_has_no_resources_unless_the_stack_sets_them_and_debug_adds_the_flag()
    {
        var dev = Dikastes(TestStacks.Plan("dev").InjectorTemplates["dikastes"]);
        Assert.Null(dev["resources"]);
        Assert.Equal("--debug", S(dev["args"]!.AsArray().Last()));
        Assert.DoesNotContain("--debug", Dikastes(TestStacks.Plan("prod").InjectorTemplates["dikastes"])["args"]!.AsArray().Select(S));
    }

    [Fact]
    public void The_authorization_services_wire_both_ext_authz_filters_to_the_dikastes_cluster_the_service_entry_defines()
    {
        var plan = TestStacks.Plan("prod");
        var se = plan.Item("serviceentry.istio-system.dikastes").Body()["spec"]!;
        Assert.Equal("dikastes.calico.cluster.local", S(se["hosts"]![0]));
        Assert.Equal((1L, "grpc", "grpc"), (se["ports"]![0]!["number"]!.GetValue<long>(), S(se["ports"]![0]!["protocol"]), S(se["ports"]![0]!["name"])));
        Assert.Equal(("STATIC", "MESH_EXTERNAL"), (S(se["resolution"]), S(se["location"])));
        Assert.Equal("unix:///var/run/dikastes/dikastes.sock", S(se["endpoints"]![0]!["address"]));
        var expectedCluster = $"outbound|{se["ports"]![0]!["number"]}||{S(se["hosts"]![0])}";

        var dr = plan.Item("destinationrule.istio-system.dikastes-mtls").Body()["spec"]!;
        Assert.Equal(("dikastes.calico.cluster.local", "DISABLE"), (S(dr["host"]), S(dr["trafficPolicy"]!["tls"]!["mode"])));

        var patches = plan.Item("envoyfilter.istio-system.ext-authz").Body()["spec"]!["configPatches"]!.AsArray();
        Assert.Equal(["NETWORK_FILTER", "HTTP_FILTER"], patches.Select(p => S(p!["applyTo"])));
        Assert.All(patches, p =>
        {
            Assert.Equal("SIDECAR_INBOUND", S(p!["match"]!["context"]));
            Assert.Equal("INSERT_BEFORE", S(p["patch"]!["operation"]));
            var config = p["patch"]!["value"]!["typed_config"]!;
            Assert.Equal("V3", S(config["transport_api_version"]));
            Assert.Equal(expectedCluster, S(config["grpc_service"]!["envoy_grpc"]!["cluster_name"]));
            Assert.False(config["failure_mode_allow"]!.GetValue<bool>());
            Assert.Equal("0.2s", S(config["grpc_service"]!["timeout"]));
        });
        Assert.Equal("envoy.filters.network.tcp_proxy", S(patches[0]!["match"]!["listener"]!["filterChain"]!["filter"]!["name"]));
        Assert.Equal("envoy.filters.network.ext_authz", S(patches[0]!["patch"]!["value"]!["name"]));
        Assert.Equal("dikastes", S(patches[0]!["patch"]!["value"]!["typed_config"]!["stat_prefix"]));
        Assert.Equal("envoy.filters.http.router", S(patches[1]!["match"]!["listener"]!["filterChain"]!["filter"]!["subFilter"]!["name"]));
        Assert.Equal("envoy.filters.http.ext_authz", S(patches[1]!["patch"]!["value"]!["name"]));
    }

    [Fact]
    public void Fail_open_and_the_timeout_come_from_the_stack()
    {
        var patches = TestStacks.Plan("dev").Item("envoyfilter.istio-system.ext-authz").Body()["spec"]!["configPatches"]!.AsArray();
        Assert.All(patches, p =>
        {
            Assert.True(p!["patch"]!["value"]!["typed_config"]!["failure_mode_allow"]!.GetValue<bool>());
            Assert.Equal("0.5s", S(p["patch"]!["value"]!["typed_config"]!["grpc_service"]!["timeout"]));
        });
    }

    [Fact]
    public void The_fail_closed_filter_only_selects_pods_the_dikastes_template_labelled()
    {
        // Mesh-wide, the filter would send pods without Dikastes to a missing socket: every request 403.
        foreach (var plan in TestStacks.Names.Select(TestStacks.Plan).Where(p => p.Settings.Mode == AlpMode.Istio && p.Settings.AlpEnabled))
        {
            var selector = plan.Item("envoyfilter.istio-system.ext-authz").Body()["spec"]!["workloadSelector"]!["labels"]!.AsObject();
            var labels = YamlJson.Single(plan.InjectorTemplates["dikastes"])!["metadata"]!["labels"]!.AsObject();
            var (key, value) = Assert.Single(selector);
            Assert.Equal(S(value), S(labels[key]));
        }
    }

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

    [Fact]
    public void A_revisioned_istiod_is_selected_by_its_revision_label()
    {
        var policy = TestStacks.Plan("revisioned-istio-1.23").Item("networkpolicy.shop.calico-alp-allow-istiod").Body();
        Assert.Equal("app == 'istiod' && istio.io/rev == 'canary'", S(policy["spec"]!["egress"]![0]!["destination"]!["selector"]));
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
        Assert.NotEqual(baseline, Hash(("dikastesImageDigest", "sha256:" + new string('1', 64))));
        Assert.NotEqual(Hash(("dikastesImageDigest", "sha256:" + new string('1', 64))), Hash(("dikastesImageDigest", "sha256:" + new string('2', 64))));
        Assert.NotEqual(baseline, Hash(("proxyImageDigest", "sha256:" + new string('3', 64))));
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

    private static JsonNode Dikastes(string template) =>
        YamlJson.Single(template)!["spec"]!["containers"]!.AsArray().Single(c => S(c!["name"]) == "dikastes")!;

    private static Dictionary<string, string> Annotations(PlanItem item) =>
        item.Body()["spec"]!["template"]!["metadata"]!["annotations"]!.AsObject().ToDictionary(p => p.Key, p => S(p.Value));
}
