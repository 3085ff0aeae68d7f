using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

/// <summary>The injector template and the authorization services.</summary>
public sealed partial class DomainTests
{
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
}
