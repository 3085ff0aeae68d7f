using CalicoAlp.Manifests.Planning;
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
        var template = YamlJson.Single(plan.InjectorTemplates["dikastes"])!;
        Assert.Null(template["spec"]!["containers"]);
        var container = InjectorTemplate.Dikastes(template);
        Assert.Equal(["dikastes-sock=/var/run/dikastes", "felix-sync=/var/run/felix"],
            container["volumeMounts"]!.AsArray().Select(m => $"{S(m!["name"])}={S(m["mountPath"])}"));
        Assert.Equal("64Mi", S(container["resources"]!["requests"]!["memory"]));

        var initContainers = template["spec"]!["initContainers"]!.AsArray();
        Assert.Equal(["istio-proxy", "dikastes"], initContainers.Select(c => S(c!["name"])));
        var proxy = initContainers[0]!;
        Assert.Equal("/var/run/dikastes", S(proxy["volumeMounts"]![0]!["mountPath"]));
        Assert.Null(proxy["image"]);
        Assert.Null(proxy["restartPolicy"]);

        var volumes = template["spec"]!["volumes"]!.AsArray();
        Assert.Equal("Memory", S(volumes.Single(v => S(v!["name"]) == "dikastes-sock")!["emptyDir"]!["medium"]));
        Assert.Equal("csi.tigera.io", S(volumes.Single(v => S(v!["name"]) == "felix-sync")!["csi"]!["driver"]));
    }

    /// <summary>How each Calico line runs Dikastes (docs/domain.md, "Dikastes per Calico line").</summary>
    public static TheoryData<string, string, string[], string[], string[], long> Lines => new()
    {
        {
            "v3.32.3", "quay.io/calico/dikastes:v3.32.3", [],
            ["server", "-l", "/var/run/dikastes/dikastes.sock", "-d", "/var/run/felix/nodeagent/socket"],
            ["/healthz", "CHECK"], 999
        },
        {
            "v3.33.1", "quay.io/calico/calico:v3.33.1", ["/usr/bin/calico"],
            ["component", "dikastes", "server", "-l", "/var/run/dikastes/dikastes.sock", "-d", "/var/run/felix/nodeagent/socket"],
            ["/usr/bin/calico", "component", "dikastes", "health", "CHECK", "--dial-path", "/var/run/dikastes/dikastes.sock"], 10001
        },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Each_calico_line_gets_its_own_dikastes_image_command_probes_and_user(string calico, string image, string[] command, string[] args, string[] probe, long uid)
    {
        var plan = PlanBuilder.Build(TestStacks.Raw(("calicoVersion", calico), ("kubernetesVersion", "1.35")));
        var dikastes = InjectorTemplate.Dikastes(plan.InjectorTemplates["dikastes"]);
        Assert.Equal(image, S(dikastes["image"]));
        Assert.Equal(command, dikastes["command"]?.AsArray().Select(S).ToArray() ?? []);
        Assert.Equal(args, dikastes["args"]!.AsArray().Select(S));
        foreach (var check in new[] { "liveness", "readiness" })
        {
            Assert.Equal(probe.Select(p => p == "CHECK" ? check : p), dikastes[$"{check}Probe"]!["exec"]!["command"]!.AsArray().Select(S));
        }

        var security = dikastes["securityContext"]!;
        Assert.Equal(uid, security["runAsUser"]!.GetValue<long>());
        Assert.Equal(uid, security["runAsGroup"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("v3.32.3")]
    [InlineData("v3.33.1")]
    public void Dikastes_is_a_native_sidecar_with_a_hardened_security_context(string calico)
    {
        var plan = PlanBuilder.Build(TestStacks.Raw(("calicoVersion", calico), ("kubernetesVersion", "1.35")));
        var dikastes = InjectorTemplate.Dikastes(plan.InjectorTemplates["dikastes"]);
        // An init container that restarts Always is a native sidecar: it outlives the app containers.
        Assert.Equal("Always", S(dikastes["restartPolicy"]));
        var security = dikastes["securityContext"]!;
        Assert.True(security["runAsNonRoot"]!.GetValue<bool>());
        Assert.False(security["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.True(security["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(S));
        Assert.Equal("RuntimeDefault", S(security["seccompProfile"]!["type"]));
    }

    [Fact]
    public void A_felix_restart_of_thirty_seconds_does_not_take_a_pod_out_of_its_endpoints()
    {
        // Readiness is "in sync with Felix". The kubelet marks a container unready after
        // failureThreshold consecutive misses; the first may come just after a success, so the
        // time tolerated is at least (failureThreshold - 1) periods, plus the probe's own timeout.
        var dikastes = InjectorTemplate.Dikastes(TestStacks.Plan("prod").InjectorTemplates["dikastes"]);
        var readiness = dikastes["readinessProbe"]!;
        var period = readiness["periodSeconds"]!.GetValue<long>();
        var threshold = readiness["failureThreshold"]!.GetValue<long>();
        Assert.True((threshold - 1) * period >= 30, $"readiness tolerates only {(threshold - 1) * period} s");
        var liveness = dikastes["livenessProbe"]!;
        Assert.True(liveness["failureThreshold"]!.GetValue<long>() * liveness["periodSeconds"]!.GetValue<long>() >= 30);
        Assert.True(readiness["timeoutSeconds"]!.GetValue<long>() >= 2);
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
