using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;
using CalicoAlp.Doctor.Kube;

namespace CalicoAlp.Doctor.Tests;

/// <summary>
/// Every check through doctor's API client, talking HTTP to a recorded cluster on
/// 127.0.0.1: the healthy cluster passes, and each changed fact fails (or warns on) exactly its check.
/// </summary>
public sealed class DoctorClusterTests
{
    private static StackSettings Dev { get; } = StackLoader.FromFiles(RepoPaths.Root, "dev").Settings!;

    internal static async Task<ImmutableArray<CheckResult>> Doctor(RecordedCluster cluster, StackSettings? settings = null)
    {
        settings ??= Dev;
        using var server = cluster.Serve();
        using var client = KubeApi.Plain(server.Url);
        var facts = await new ClusterReader(client).ReadAsync(settings);
        // Read-only: nothing but GETs ever reached the server.
        Assert.All(server.Requests, r => Assert.Equal("GET", r.Method));
        Assert.NotEmpty(server.Requests);
        return DoctorChecks.Run(settings, facts);
    }

    [Fact]
    public async Task The_healthy_cluster_passes_every_check_for_the_dev_stack()
    {
        var results = await Doctor(RecordedCluster.Healthy());
        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Pass, $"{r.Id}: {r.Saw} / {r.ToDo}"));
        Assert.Equal(
            ["kubernetes-version", "kubelet-versions", "calico-install", "calico-version", "calico-api-server", "calico-csi-driver", "felix-configuration",
             "tigera-istio", "istio-crds", "existing-istio", "mesh-mtls", "namespace alp-demo", "workload alp-demo/frontend", "field-owners alp-demo/frontend", "sidecar-scope alp-demo",
             "namespace payments", "workload payments/payments-api", "egress payments", "field-owners payments/payments-api", "sidecar-scope payments", "dns"],
            results.Select(r => r.Id));
        Assert.Contains(results, r => r.Id == "calico-version" && r.Saw == "calico-node quay.io/calico/node:v3.33.1");
    }

    public static TheoryData<string, string, CheckStatus, string> Failures() => new()
    {
        { "server 1.33", "kubernetes-version", CheckStatus.Fail, "set kubernetesVersion to 1.33" },
        { "a 1.28 node", "kubelet-versions", CheckStatus.Fail, "upgrade node kind-worker2" },
        { "manifest install", "calico-install", CheckStatus.Fail, "set calicoInstallType to manifest" },
        { "calico v3.31.0", "calico-version", CheckStatus.Fail, "upgrade Calico to v3.33.x (OSS Dikastes answers every check with a denial" },
        { "calico v3.32.1", "calico-version", CheckStatus.Fail, "upgrade Calico to v3.33.x (v3.32.1 lacks fixes" },
        { "a sidecar hiding istio-system", "sidecar-scope payments", CheckStatus.Warn, "add \"istio-system/dikastes.calico.cluster.local\" to its egress hosts" },
        { "no api server", "calico-api-server", CheckStatus.Fail, "install the Calico API server, or set calicoApiGroup to crd.projectcalico.org/v1" },
        { "api server unavailable", "calico-api-server", CheckStatus.Fail, "fix the Calico API server" },
        { "csi not ready", "calico-csi-driver", CheckStatus.Fail, "pods on nodes without a ready csi-node-driver" },
        { "no csi driver", "calico-csi-driver", CheckStatus.Fail, "kubeletVolumePluginPath must not be None" },
        { "bpf connect-time lb", "felix-configuration", CheckStatus.Fail, "set bpfConnectTimeLoadBalancing to Disabled" },
        { "no felixconfiguration", "felix-configuration", CheckStatus.Fail, "never creates it" },
        { "policy sync owned by another manager", "felix-configuration", CheckStatus.Fail, "pulumi up would conflict with calicoctl over spec.policySyncPathPrefix" },
        { "tigera istio", "tigera-istio", CheckStatus.Fail, "delete the operator's Istio resource" },
        { "foreign istiod", "existing-istio", CheckStatus.Fail, "install beside it: istioBase existing, istioSystemNamespace existing, istioRevisions with names of the stack's own" },
        { "no payments namespace", "namespace payments", CheckStatus.Fail, "create it first" },
        { "no payments-api", "workload payments/payments-api", CheckStatus.Fail, "deploy it first" },
        { "payments-api a statefulset", "workload payments/payments-api", CheckStatus.Fail, "only Deployments can be enrolled" },
        { "no egress policy", "egress payments", CheckStatus.Warn, "isolate them" },
        { "injection label held by another manager", "field-owners payments/payments-api", CheckStatus.Fail, "pulumi up would stop with a server-side apply conflict" },
        { "nodelocal dns", "dns", CheckStatus.Fail, "add its link-local address to dnsEgress.nets" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Each_changed_fact_fails_its_own_check_and_only_that_one(string change, string check, CheckStatus status, string toDo)
    {
        var results = await Doctor(Changed(change));
        var result = Assert.Single(results, r => r.Id == check);
        Assert.Equal(status, result.Status);
        Assert.Contains(toDo, result.ToDo, StringComparison.Ordinal);
        Assert.All(results.Where(r => r.Id != check && !(change == "no payments namespace" && r.Id.StartsWith("workload payments", StringComparison.Ordinal))),
            r => Assert.True(r.Status == CheckStatus.Pass, $"{change}: {r.Id} is {r.Status}: {r.Saw}"));
    }

    [Fact]
    public async Task A_calico_egress_policy_counts_as_much_as_a_kubernetes_one()
    {
        var cluster = RecordedCluster.Healthy()
            .With("/apis/networking.k8s.io/v1/namespaces/payments/networkpolicies", l => l["items"]!.AsArray().Clear())
            .With("/apis/crd.projectcalico.org/v1/namespaces/payments/networkpolicies", l => l["items"]!.AsArray().Add(JsonNode.Parse(
                """{"apiVersion":"crd.projectcalico.org/v1","kind":"NetworkPolicy","metadata":{"name":"default.payments-egress","namespace":"payments"},"spec":{"tier":"default","selector":"all()","types":["Egress"],"egress":[{"action":"Allow","destination":{"nets":["10.0.0.0/8"]}}]}}""")));
        var egress = Assert.Single(await Doctor(cluster), r => r.Id == "egress payments");
        Assert.Equal(CheckStatus.Pass, egress.Status);
        Assert.Equal("egress policies: calico:default.payments-egress", egress.Saw);
    }

    [Fact]
    public async Task Enterprise_mode_checks_the_enterprise_release_and_the_application_layer_and_no_istio()
    {
        var enterprise = StackLoader.FromFiles(RepoPaths.Root, "enterprise", Path.Combine(RepoPaths.Root, "examples", "Pulumi.enterprise.yaml")).Settings!;
        var cluster = RecordedCluster.Healthy()
            .With("/version", v => v["gitVersion"] = "v1.35.2")
            .With("/apis/apps/v1/namespaces/calico-system/daemonsets/calico-node", d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "quay.io/tigera/cnx-node:v3.23.1")
            .WithNamespace("trading", JsonNode.Parse("""{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"trading"}}""")!, "tradingapp");
        var without = await Doctor(cluster, enterprise);
        Assert.DoesNotContain(without, r => r.Id is "tigera-istio" or "existing-istio" or "calico-csi-driver" or "felix-configuration");
        Assert.Equal(CheckStatus.Pass, Assert.Single(without, r => r.Id == "calico-version").Status);
        Assert.Equal(CheckStatus.Warn, Assert.Single(without, r => r.Id == "enterprise-application-layer").Status);

        var with = await Doctor(cluster.WithRoute("/apis/operator.tigera.io/v1/applicationlayers/tigera-secure",
            JsonNode.Parse("""{"apiVersion":"operator.tigera.io/v1","kind":"ApplicationLayer","metadata":{"name":"tigera-secure"},"spec":{}}""")!), enterprise);
        Assert.All(with, r => Assert.True(r.Status == CheckStatus.Pass, $"{r.Id}: {r.Saw} / {r.ToDo}"));
    }

    [Fact]
    public async Task A_namespace_the_stack_creates_may_exist_only_as_pulumi_applied_it()
    {
        var raw = Stacks.Files.StackFileReader.Read(Path.Combine(RepoPaths.Root, "Pulumi.yaml"), Path.Combine(RepoPaths.Root, "Pulumi.dev.yaml"), "dev").Config!;
        var create = SettingsLoader.Load(raw with
        {
            Values = raw.Values.SetItem("calico-alp:namespaces", new Stacks.Config.RawValue("""[{"name":"shop","ownership":"create","enrolment":"namespace"}]""")),
        }).Settings!;
        RecordedCluster WithShop(string managers) => RecordedCluster.Healthy()
            .WithNamespace("shop", JsonNode.Parse($$$"""{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"shop","managedFields":[{{{managers}}}]}}""")!);

        CheckResult Shop(IEnumerable<CheckResult> results) => Assert.Single(results, r => r.Id == "namespace shop");
        Assert.Equal(CheckStatus.Pass, Shop(await Doctor(RecordedCluster.Healthy(), create)).Status);
        var foreign = Shop(await Doctor(WithShop("""{"manager":"kubectl-create","operation":"Update"}"""), create));
        Assert.Equal((CheckStatus.Fail, "exists already, not applied by Pulumi"), (foreign.Status, foreign.Saw));
        // A rerun after the stack's own pulumi up: the provider's server-side apply manager owns it.
        var own = Shop(await Doctor(WithShop("""{"manager":"pulumi-kubernetes-3b1c9f0e","operation":"Apply"}"""), create));
        Assert.Equal(CheckStatus.Pass, own.Status);
    }

    [Fact]
    public async Task An_istiod_the_stack_did_not_install_fails_whether_istio_system_is_created_or_existing()
    {
        // Either way the stack would install Istio's base chart over that Istio's CRDs, and a destroy would delete them.
        var raw = Stacks.Files.StackFileReader.Read(Path.Combine(RepoPaths.Root, "Pulumi.yaml"), Path.Combine(RepoPaths.Root, "Pulumi.dev.yaml"), "dev").Config!;
        var existing = SettingsLoader.Load(raw with { Values = raw.Values.SetItem("calico-alp:istioSystemNamespace", new Stacks.Config.RawValue("existing")) }).Settings!;
        var cluster = Changed("foreign istiod");
        foreach (var settings in new[] { existing, Dev })
        {
            var result = Assert.Single(await Doctor(cluster, settings), r => r.Id == "existing-istio");
            Assert.Equal(CheckStatus.Fail, result.Status);
            Assert.Contains("install beside it: istioBase existing", result.ToDo, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("v1.34.1-gke.100", "1.34.1")]
    [InlineData("quay.io/calico/node:v3.33.1", "3.33.1")]
    [InlineData("quay.io/calico/node:v3.33.1@sha256:0000000000000000000000000000000000000000000000000000000000000000", "3.33.1")]
    [InlineData("registry.example.com:5000/calico/node:v3.32.3", "3.32.3")]
    [InlineData("registry.example.com:5000/calico/node", null)]
    [InlineData("docker.io/istio/pilot@sha256:0000000000000000000000000000000000000000000000000000000000000000", null)]
    public void A_version_is_read_from_the_tag_never_from_a_digest_or_a_registry_port(string text, string? version)
    {
        Assert.Equal(version, DoctorChecks.VersionOf(text)?.ToString());
    }

    [Theory]
    [InlineData("docker.io/istio/pilot:1.31.0", CheckStatus.Pass, "istiod runs 1.31.0")]
    [InlineData("docker.io/istio/pilot:1.30.4", CheckStatus.Pass, "one minor up, in place")]
    [InlineData("registry.example.com/istio/pilot:1.29.3@sha256:0000000000000000000000000000000000000000000000000000000000000000", CheckStatus.Fail, "set istioVersion to 1.30.x first")]
    [InlineData("docker.io/istio/pilot:1.33.1", CheckStatus.Fail, "set istioVersion to 1.32.x first")]
    [InlineData("docker.io/istio/pilot@sha256:0000000000000000000000000000000000000000000000000000000000000000", CheckStatus.Warn, "cannot tell istiod's version")]
    public async Task The_stacks_own_istiod_moves_in_place_at_most_one_minor(string image, CheckStatus status, string expect)
    {
        var cluster = RecordedCluster.Healthy().With("/apis/apps/v1/deployments?labelSelector=app=istiod", l => l["items"]!.AsArray().Add(JsonNode.Parse(
            """{"metadata":{"name":"istiod","namespace":"istio-system","labels":{"app":"istiod"},"managedFields":[{"manager":"pulumi-kubernetes-5e1c","operation":"Apply"}]},"spec":{"selector":{"matchLabels":{"app":"istiod"}},"template":{"metadata":{"labels":{"app":"istiod"}},"spec":{"containers":[{"name":"discovery","image":"IMAGE"}]}}}}""".Replace("IMAGE", image, StringComparison.Ordinal))));
        var results = await Doctor(cluster);
        var upgrade = Assert.Single(results, r => r.Id == "istio-upgrade istio-system/istiod");
        Assert.Equal(status, upgrade.Status);
        Assert.Contains(expect, upgrade.Saw + " " + upgrade.ToDo, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Pass, Assert.Single(results, r => r.Id == "existing-istio").Status);
    }

    [Fact]
    public async Task Side_by_side_each_istiod_is_held_to_its_own_revision_and_a_removed_one_passes()
    {
        var step3 = StackLoader.FromFiles(RepoPaths.Root, "upgrade", Path.Combine(RepoPaths.Root, "examples", "upgrade", "Pulumi.step3.yaml")).Settings!;
        static string Istiod(string revision, string version) =>
            """{"metadata":{"name":"istiod-REV","namespace":"istio-system","labels":{"app":"istiod","istio.io/rev":"REV"},"managedFields":[{"manager":"pulumi-kubernetes-5e1c","operation":"Apply"}]},"spec":{"selector":{"matchLabels":{"app":"istiod"}},"template":{"metadata":{"labels":{"app":"istiod"}},"spec":{"containers":[{"name":"discovery","image":"docker.io/istio/pilot:VER"}]}}}}"""
                .Replace("REV", revision, StringComparison.Ordinal).Replace("VER", version, StringComparison.Ordinal);
        var cluster = RecordedCluster.Healthy().With("/apis/apps/v1/deployments?labelSelector=app=istiod", l =>
        {
            l["items"]!.AsArray().Add(JsonNode.Parse(Istiod("1-30-4", "1.30.4")));
            l["items"]!.AsArray().Add(JsonNode.Parse(Istiod("1-28-3", "1.28.3")));
        }).WithRoute("/api/v1/pods?fieldSelector=status.phase!=Succeeded", JsonNode.Parse("""{"kind":"PodList","apiVersion":"v1","items":[]}""")!)
            .WithRoute("/api/v1/namespaces", JsonNode.Parse("""{"kind":"NamespaceList","apiVersion":"v1","items":[]}""")!);
        var results = await Doctor(cluster, step3);
        var old = Assert.Single(results, r => r.Id == "istio-upgrade istio-system/istiod-1-30-4");
        Assert.Equal((CheckStatus.Pass, "istioRevisions 1-30-4: 1.30.4"), (old.Status, old.Declared));
        var gone = Assert.Single(results, r => r.Id == "istio-upgrade istio-system/istiod-1-28-3");
        Assert.Equal(CheckStatus.Pass, gone.Status);
        Assert.Contains("pulumi up removes it", gone.Saw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_a_revision_that_pods_still_run_fails_until_they_have_moved()
    {
        var step4 = StackLoader.FromFiles(RepoPaths.Root, "upgrade", Path.Combine(RepoPaths.Root, "examples", "upgrade", "Pulumi.step4.yaml")).Settings!;
        const string OldIstiod = """{"metadata":{"name":"istiod-1-30-4","namespace":"istio-system","labels":{"app":"istiod","istio.io/rev":"1-30-4"},"managedFields":[{"manager":"pulumi-kubernetes-5e1c","operation":"Apply"}]},"spec":{"selector":{"matchLabels":{"app":"istiod"}},"template":{"metadata":{"labels":{"app":"istiod"}},"spec":{"containers":[{"name":"discovery","image":"docker.io/istio/pilot:1.30.4"}]}}}}""";
        var cluster = RecordedCluster.Healthy().With("/apis/apps/v1/deployments?labelSelector=app=istiod", l => l["items"]!.AsArray().Add(JsonNode.Parse(OldIstiod)));
        static JsonNode List(string kind, string items) => JsonNode.Parse($$"""{"kind":"{{kind}}","apiVersion":"v1","items":{{items}}}""")!;

        // Pods enrolled by tag carry the tag as their istio.io/rev label; the revision that injected them is the annotation.
        static JsonNode Pod(string name, string label, string injectedBy) => new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "payments", ["labels"] = new JsonObject { ["istio.io/rev"] = label }, ["annotations"] = new JsonObject { ["istio.io/rev"] = injectedBy } } };
        static JsonNode Namespace(string name, string label, string value) => new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { [label] = value } } };
        RecordedCluster With(JsonNode[] pods, JsonNode[] namespaces, string tags) => cluster
            .WithRoute("/api/v1/pods?fieldSelector=status.phase!=Succeeded", List("PodList", new JsonArray(pods).ToJsonString()))
            .WithRoute("/api/v1/namespaces", List("NamespaceList", new JsonArray(namespaces).ToJsonString()))
            .WithRoute("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations?labelSelector=istio.io/tag", List("MutatingWebhookConfigurationList", tags));

        // A pod not injected yet (no annotation) asking for the revision by its own label, in a namespace that asks for nothing, uses it too.
        var waiting = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "batch-1", ["namespace"] = "batch", ["labels"] = new JsonObject { ["istio.io/rev"] = "1-30-4" } } };
        var busy = await Doctor(With([Pod("payments-api-7d9f", "prod-stable", "1-30-4"), Pod("payments-api-8e0a", "prod-stable", "1-31-0"), waiting],
            [Namespace("legacy", "istio.io/rev", "1-30-4"), Namespace("payments", "istio.io/rev", "prod-stable")],
            """[{"metadata":{"name":"istio-revision-tag-other-team","labels":{"istio.io/tag":"other-team","istio.io/rev":"1-30-4"}}},{"metadata":{"name":"istio-revision-tag-prod-stable","labels":{"istio.io/tag":"prod-stable","istio.io/rev":"1-30-4"}}}]"""), step4);
        var check = Assert.Single(busy, r => r.Id == "revision-in-use 1-30-4");
        Assert.Equal(CheckStatus.Fail, check.Status);
        // prod-stable is the stack's own tag, which this up moves: only the foreign tag holds the revision.
        Assert.Equal("2 pod(s) injected by it or asking for it (batch/batch-1, payments/payments-api-7d9f); namespace(s) labelled for it: legacy; tag(s) this stack does not declare still point to it: other-team", check.Saw);

        var moved = await Doctor(With([Pod("payments-api-8e0a", "prod-stable", "1-31-0")], [Namespace("payments", "istio.io/rev", "prod-stable")], "[]"), step4);
        Assert.Equal(CheckStatus.Pass, Assert.Single(moved, r => r.Id == "revision-in-use 1-30-4").Status);
    }

    [Fact]
    public async Task Beside_an_istio_it_did_not_create_the_stack_passes_only_with_names_of_its_own_and_none_of_its_crds()
    {
        // Another team's revision-less istiod, its CRDs applied by Helm, a tag of theirs, and their mesh-wide mTLS.
        const string Crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/peerauthentications.security.istio.io";
        const string Helm = """{"metadata":{"name":"NAME","labels":{"istio.io/tag":"TAG","istio.io/rev":"default"},"managedFields":[{"manager":"helm","operation":"Update"}]}}""";
        static JsonNode Crd(string version) => JsonNode.Parse("""{"metadata":{"name":"peerauthentications.security.istio.io","labels":{"app.kubernetes.io/version":"VERSION"},"managedFields":[{"manager":"helm","operation":"Update"}]}}""".Replace("VERSION", version, StringComparison.Ordinal))!;
        var theirs = Changed("foreign istiod")
            .WithRoute(Crds, Crd("1.31.2"))
            .WithRoute("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations?labelSelector=istio.io/tag",
                JsonNode.Parse($$"""{"kind":"MutatingWebhookConfigurationList","apiVersion":"admissionregistration.k8s.io/v1","items":[{{Helm.Replace("NAME", "istio-revision-tag-canary", StringComparison.Ordinal).Replace("TAG", "canary", StringComparison.Ordinal)}}]}""")!);
        var beside = File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", "beside", "Pulumi.beside.yaml"));
        async Task<Dictionary<string, CheckResult>> With(string text)
        {
            using var project = new ScratchProject();
            project.WriteStack("beside", text);
            var loaded = StackLoader.FromFiles(project.Directory, "beside");
            Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
            return (await Doctor(theirs, loaded.Settings!)).Where(r => r.Id is "istio-crds" or "existing-istio" or "mesh-mtls").ToDictionary(r => r.Id);
        }

        var ok = await With(beside);
        Assert.All(ok.Values, r => Assert.Equal(CheckStatus.Pass, r.Status));
        Assert.Contains("istio-system/istiod (revision default", ok["existing-istio"].Saw, StringComparison.Ordinal);
        Assert.Contains("owns only those", ok["existing-istio"].Saw, StringComparison.Ordinal);

        // Tag default beside their revision-less injector, and a tag name they use, are refused by name.
        var clash = await With(beside.Replace("    alp: 1-31-0-alp", "    alp: 1-31-0-alp\n    default: 1-31-0-alp\n    canary: 1-31-0-alp", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Fail, clash["existing-istio"].Status);
        Assert.Contains("tag default would answer the legacy labels", clash["existing-istio"].Saw, StringComparison.Ordinal);
        Assert.Contains("tag canary exists already and points to default", clash["existing-istio"].Saw, StringComparison.Ordinal);

        // Installing the base chart over their CRDs is refused before pulumi up could take them over.
        var install = await With(beside.Replace("istioBase: existing", "istioBase: install", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Fail, install["istio-crds"].Status);
        Assert.Contains("set istioBase existing", install["istio-crds"].ToDo, StringComparison.Ordinal);

        // CRDs older than the stack's newest revision must be upgraded by their owner first; unlabelled ones get a warning.
        var stale = (await Doctor(theirs.WithRoute(Crds, Crd("1.29.4")), StackLoader.FromFiles(RepoPaths.Root, "beside", Path.Combine(RepoPaths.Root, "examples", "beside", "Pulumi.beside.yaml")).Settings!))
            .Single(r => r.Id == "istio-crds");
        Assert.Equal(CheckStatus.Fail, stale.Status);
        Assert.Contains("ask the owner of that Istio to upgrade its base chart (the CRDs) to 1.31 first", stale.ToDo, StringComparison.Ordinal);
        var unlabelled = (await Doctor(theirs.WithRoute(Crds, JsonNode.Parse(Helm.Replace("NAME", "peerauthentications.security.istio.io", StringComparison.Ordinal))!),
            StackLoader.FromFiles(RepoPaths.Root, "beside", Path.Combine(RepoPaths.Root, "examples", "beside", "Pulumi.beside.yaml")).Settings!)).Single(r => r.Id == "istio-crds");
        Assert.Equal(CheckStatus.Warn, unlabelled.Status);

        // Their mesh-wide PeerAuthentication would be the stack's to create too.
        var mtls = await Doctor(theirs.WithRoute("/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications/default",
            JsonNode.Parse(Helm.Replace("NAME", "default", StringComparison.Ordinal))!), StackLoader.FromFiles(RepoPaths.Root, "dev").Settings!);
        Assert.Equal(CheckStatus.Fail, Assert.Single(mtls, r => r.Id == "mesh-mtls").Status);
    }

    [Fact]
    public async Task Istio_crds_the_stack_applied_are_never_declared_existing_which_would_delete_them()
    {
        var ours = RecordedCluster.Healthy().WithRoute("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/peerauthentications.security.istio.io",
            JsonNode.Parse("""{"metadata":{"name":"peerauthentications.security.istio.io","managedFields":[{"manager":"pulumi-kubernetes-5e1c","operation":"Apply"}]}}""")!);
        Assert.Equal(CheckStatus.Pass, Assert.Single(await Doctor(ours), r => r.Id == "istio-crds").Status);
        var beside = StackLoader.FromFiles(RepoPaths.Root, "beside", Path.Combine(RepoPaths.Root, "examples", "beside", "Pulumi.beside.yaml")).Settings!;
        var check = Assert.Single(await Doctor(ours, beside), r => r.Id == "istio-crds");
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Contains("pulumi up removes the base chart and deletes the CRDs", check.ToDo, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Fail, Assert.Single(await Doctor(RecordedCluster.Healthy(), beside), r => r.Id == "istio-crds").Status);
    }

    [Theory]
    [InlineData("istio-system/*", true)]
    [InlineData("*/*", true)]
    [InlineData("istio-system/dikastes.calico.cluster.local", true)]
    [InlineData("*/*.cluster.local", true)]
    [InlineData("./*", false)]
    [InlineData("istio-system/*.svc.cluster.local", false)]
    [InlineData("payments/dikastes.calico.cluster.local", false)]
    public void A_sidecar_egress_host_imports_the_dikastes_service_entry_only_through_istio_system_or_any_namespace(string host, bool imports)
    {
        Assert.Equal(imports, WorkloadChecks.Imports(host));
    }

    private static StackSettings OnCalico(string version)
    {
        var raw = Stacks.Files.StackFileReader.Read(Path.Combine(RepoPaths.Root, "Pulumi.yaml"), Path.Combine(RepoPaths.Root, "Pulumi.dev.yaml"), "dev").Config!;
        return SettingsLoader.Load(raw with { Values = raw.Values.SetItem("calico-alp:calicoVersion", new Stacks.Config.RawValue(version)) }).Settings!;
    }

    private static RecordedCluster WithStaged(string calico, string policies, string globals = "[]") => RecordedCluster.Healthy()
        .With("/apis/apps/v1/namespaces/calico-system/daemonsets/calico-node", d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = $"quay.io/calico/node:{calico}")
        .WithRoute("/apis/crd.projectcalico.org/v1/namespaces/payments/stagednetworkpolicies",
            JsonNode.Parse($$"""{"kind":"StagedNetworkPolicyList","apiVersion":"crd.projectcalico.org/v1","items":{{policies}}}""")!)
        .WithRoute("/apis/crd.projectcalico.org/v1/stagedglobalnetworkpolicies",
            JsonNode.Parse($$"""{"kind":"StagedGlobalNetworkPolicyList","apiVersion":"crd.projectcalico.org/v1","items":{{globals}}}""")!);

    [Fact]
    public async Task On_calico_v3_32_a_staged_policy_selecting_an_enrolled_workload_is_a_warning()
    {
        const string selecting = """[{"metadata":{"name":"default.lock-down","namespace":"payments"},"spec":{"selector":"app == 'payments-api'","ingress":[{"action":"Deny"}]}}]""";
        const string elsewhere = """[{"metadata":{"name":"default.other","namespace":"payments"},"spec":{"selector":"app == 'ledger'","ingress":[{"action":"Deny"}]}}]""";
        const string global = """[{"metadata":{"name":"default.everyone"},"spec":{"selector":"has(app)","namespaceSelector":"projectcalico.org/name == 'payments'","egress":[{"action":"Deny"}]}}]""";

        var hit = Assert.Single(await Doctor(WithStaged("v3.32.3", selecting), OnCalico("v3.32.3")), r => r.Id == "staged-policies payments");
        Assert.Equal(CheckStatus.Warn, hit.Status);
        Assert.Contains("StagedNetworkPolicy payments/default.lock-down selects payments-api", hit.Saw, StringComparison.Ordinal);

        Assert.Equal(CheckStatus.Pass, Assert.Single(await Doctor(WithStaged("v3.32.3", elsewhere), OnCalico("v3.32.3")), r => r.Id == "staged-policies payments").Status);

        var viaGlobal = Assert.Single(await Doctor(WithStaged("v3.32.3", "[]", global), OnCalico("v3.32.3")), r => r.Id == "staged-policies payments");
        Assert.Contains("StagedGlobalNetworkPolicy default.everyone selects payments-api", viaGlobal.Saw, StringComparison.Ordinal);

        // v3.33 no longer enforces staged denies: no such check at all.
        Assert.DoesNotContain(await Doctor(WithStaged("v3.33.1", selecting), OnCalico("v3.33.1")), r => r.Id.StartsWith("staged-policies", StringComparison.Ordinal));
    }

    private static RecordedCluster Changed(string change)
    {
        var healthy = RecordedCluster.Healthy();
        const string felix = "/apis/crd.projectcalico.org/v1/felixconfigurations/default";
        return change switch
        {
            "server 1.33" => healthy.With("/version", v => v["gitVersion"] = "v1.33.2"),
            "a 1.28 node" => healthy.With("/api/v1/nodes", l => l["items"]![2]!["status"]!["nodeInfo"]!["kubeletVersion"] = "v1.28.9"),
            "manifest install" => healthy.Without("/apis/operator.tigera.io/v1/installations/default"),
            "calico v3.31.0" => healthy.With("/apis/apps/v1/namespaces/calico-system/daemonsets/calico-node",
                d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "quay.io/calico/node:v3.31.0"),
            "calico v3.32.1" => healthy.With("/apis/apps/v1/namespaces/calico-system/daemonsets/calico-node",
                d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "quay.io/calico/node:v3.32.1"),
            "a sidecar hiding istio-system" => healthy.WithRoute("/apis/networking.istio.io/v1/namespaces/payments/sidecars", JsonNode.Parse(
                """{"kind":"SidecarList","apiVersion":"networking.istio.io/v1","items":[{"metadata":{"name":"default","namespace":"payments"},"spec":{"egress":[{"hosts":["./*","kube-system/*"]}]}}]}""")!),
            "no api server" => healthy.Without("/apis/apiregistration.k8s.io/v1/apiservices/v3.projectcalico.org"),
            "api server unavailable" => healthy.With("/apis/apiregistration.k8s.io/v1/apiservices/v3.projectcalico.org",
                a => a["status"]!["conditions"]![0]!["status"] = "False"),
            "csi not ready" => healthy.With("/apis/apps/v1/namespaces/calico-system/daemonsets/csi-node-driver", d => d["status"]!["numberReady"] = 2),
            "no csi driver" => healthy.Without("/apis/storage.k8s.io/v1/csidrivers/csi.tigera.io"),
            "bpf connect-time lb" => healthy.With(felix, f => f["spec"]!["bpfEnabled"] = true),
            "no felixconfiguration" => healthy.Without(felix),
            "policy sync owned by another manager" => healthy.With(felix, f =>
            {
                f["spec"]!["policySyncPathPrefix"] = "/var/run/other";
                f["metadata"]!["managedFields"]!.AsArray().Add(JsonNode.Parse(
                    """{"manager":"calicoctl","operation":"Apply","apiVersion":"crd.projectcalico.org/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:policySyncPathPrefix":{}}}}"""));
            }),
            "tigera istio" => healthy.WithRoute("/apis/operator.tigera.io/v1/istios/default",
                JsonNode.Parse("""{"apiVersion":"operator.tigera.io/v1","kind":"Istio","metadata":{"name":"default"},"spec":{}}""")!),
            "foreign istiod" => healthy.With("/apis/apps/v1/deployments?labelSelector=app=istiod", l => l["items"]!.AsArray().Add(JsonNode.Parse(
                """{"metadata":{"name":"istiod","namespace":"istio-system","labels":{"app":"istiod","istio.io/rev":"default"},"managedFields":[{"manager":"istioctl","operation":"Apply"}]},"spec":{"selector":{"matchLabels":{"app":"istiod"}},"template":{"metadata":{"labels":{"app":"istiod"}},"spec":{"containers":[{"name":"discovery","image":"docker.io/istio/pilot:1.28.2"}]}}}}"""))),
            "no payments namespace" => healthy.Without("/api/v1/namespaces/payments"),
            "no payments-api" => healthy.With("/apis/apps/v1/namespaces/payments/deployments", l => l["items"]!.AsArray().RemoveAt(0)),
            "payments-api a statefulset" => healthy
                .With("/apis/apps/v1/namespaces/payments/deployments", l => l["items"]!.AsArray().RemoveAt(0))
                .With("/apis/apps/v1/namespaces/payments/statefulsets", l => l["items"]!.AsArray().Add(JsonNode.Parse(
                    """{"metadata":{"name":"payments-api","namespace":"payments"},"spec":{"selector":{"matchLabels":{"app":"payments-api"}},"serviceName":"payments-api","template":{"metadata":{"labels":{"app":"payments-api"}},"spec":{"containers":[{"name":"api","image":"registry.example.com/shop/app:1.0"}]}}}}"""))),
            "injection label held by another manager" => healthy.With("/apis/apps/v1/namespaces/payments/deployments", l =>
            {
                var deployment = l["items"]![0]!;
                deployment["spec"]!["template"]!["metadata"]!["labels"]!["sidecar.istio.io/inject"] = "false";
                deployment["metadata"]!["managedFields"] = JsonNode.Parse(
                    """[{"manager":"kubectl-edit","operation":"Update","apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:template":{"f:metadata":{"f:labels":{"f:sidecar.istio.io/inject":{}}}}}}}]""");
            }),
            "no egress policy" => healthy.With("/apis/networking.k8s.io/v1/namespaces/payments/networkpolicies", l => l["items"]!.AsArray().Clear()),
            "nodelocal dns" => healthy.WithRoute("/apis/apps/v1/namespaces/kube-system/daemonsets/node-local-dns",
                JsonNode.Parse("""{"kind":"DaemonSet","apiVersion":"apps/v1","metadata":{"name":"node-local-dns","namespace":"kube-system"},"spec":{"selector":{"matchLabels":{"k8s-app":"node-local-dns"}},"template":{"metadata":{"labels":{"k8s-app":"node-local-dns"}},"spec":{"containers":[{"name":"node-cache","image":"registry.k8s.io/dns/k8s-dns-node-cache:1.26.4"}]}}},"status":{"desiredNumberScheduled":3,"numberReady":3,"currentNumberScheduled":3,"numberMisscheduled":0}}""")!),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
        };
    }
}
