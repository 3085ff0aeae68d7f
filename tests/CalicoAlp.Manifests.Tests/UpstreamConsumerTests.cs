using System.Text.Json.Nodes;
using CalicoAlp.Manifests.IstiodEgressPolicy;
using CalicoAlp.Manifests.Output;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.SidecarImages;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// What istiod, its charts, Calico and the Docker Build provider do with what we emit, at the
/// pinned versions: facts no schema can check.
/// </summary>
public sealed class UpstreamConsumerTests
{
    public static TheoryData<string> IstioStacks() => TestStacks.Where(s => s.Mode == AlpMode.Istio);

    public static TheoryData<string> AlpOnIstioStacks() => TestStacks.Where(s => s.Mode == AlpMode.Istio && s.AlpEnabled);

    /// <summary>The key list is recorded for the pinned charts only.</summary>
    public static TheoryData<string> PinnedIstioStacks() => TestStacks.Where(s => s.Mode == AlpMode.Istio && ChartValueKeys.Recorded(s.Istio.Version.ToString()));

    private static string S(JsonNode? node) => node!.GetValue<string>();

    private static PlanItem Istiod(Plan plan) => Assert.Single(Istiods(plan));

    /// <summary>Every istiod release: one, or one per revision with istioRevisions.</summary>
    private static IEnumerable<PlanItem> Istiods(Plan plan) => plan.Items.Where(i => i.ItemKind == ItemKind.HelmRelease && i.Name.StartsWith("istiod", StringComparison.Ordinal));

    /// <summary>The items as a `pulumi up` would register them: placeholders replaced by references a build reports.</summary>
    private static JsonObject Registered(Plan plan, PlanItem item) =>
        plan.BuiltImages.IsEmpty ? item.Body() : BuiltImages.Resolve(plan, plan.BuiltImages.Keys.ToDictionary(k => k,
            k => $"registry.example.com/alp/{k}:v1-abc@sha256:{new string('7', 64)}", StringComparer.Ordinal)).Item(item.Id).Body();

    [Theory]
    [MemberData(nameof(AlpOnIstioStacks))]
    public void Every_container_image_of_an_injected_pod_is_a_valid_reference(string stack)
    {
        var plan = TestStacks.Plan(stack);

        foreach (var release in Istiods(plan))
        {
            var istiod = Registered(plan, release);
            var values = istiod["values"]!.AsObject();
            var template = YamlJson.Single(S(values["sidecarInjectorWebhook"]!["templates"]!["dikastes"]))!;
            var dikastes = S(InjectorTemplate.Dikastes(template)["image"]);
            foreach (var (container, image) in InjectedPodImages.Of(values, S(istiod["version"]), dikastes))
            {
                Assert.True(InjectedPodImages.IsValidReference(image), $"{stack}: {container} would get '{image}'");
            }
        }
    }

    [Fact]
    public void The_reference_check_refuses_what_the_unpatched_injector_builds_from_a_full_proxy_reference()
    {
        Assert.False(InjectedPodImages.IsValidReference($"docker.io/istio/registry.example.com/alp/istio-proxy@sha256:{new string('9', 64)}:1.30.3"));
        Assert.True(InjectedPodImages.IsValidReference("docker.io/istio/proxyv2:1.30.3"));
        Assert.True(InjectedPodImages.IsValidReference($"registry.example.com:5000/alp/istio-proxy:1.30.3-abc@sha256:{new string('9', 64)}"));
    }

    [Fact]
    public void A_full_proxy_reference_goes_to_both_proxy_image_values()
    {
        var values = Istiod(TestStacks.Plan("prod")).Body()["values"]!;
        Assert.Equal(S(values["global"]!["proxy"]!["image"]), S(values["global"]!["proxy_init"]!["image"]));
    }

    [Fact]
    public void Build_and_prebuilt_name_the_same_repository_so_dev_digests_promote_to_prod()
    {
        var build = TestStacks.Plan("build");
        var prebuilt = PlanBuilder.Build(TestStacks.Raw(("imageSource", "prebuilt"), ("imageRegistry", "registry.example.com/alp"),
            ("dikastesImageDigest", "v3.33.1-r1@sha256:" + new string('a', 64)), ("proxyImageDigest", "1.31.0-r1@sha256:" + new string('b', 64))));
        static string Repository(string reference)
        {
            var name = reference.Split('@')[0];
            var colon = name.LastIndexOf(':');
            return colon > name.LastIndexOf('/') ? name[..colon] : name;
        }

        foreach (var (image, pulled) in new[] { (SidecarImagesRenderer.Dikastes, prebuilt.Images.Dikastes), (SidecarImagesRenderer.Proxy, prebuilt.Images.Proxy!) })
        {
            var pushed = build.Item($"imagebuild.{image}").ImageBuild().Tags.Single();
            Assert.Equal(Repository(pushed), Repository(pulled));
        }
    }

    [Fact]
    public void Image_builds_name_the_builder_the_provider_needs()
    {
        var spec = TestStacks.Plan("build").Item("imagebuild.dikastes").ImageBuild();
        Assert.Equal("calico-alp", spec.Builder);
        Assert.Equal(2, spec.Platforms.Length);
    }

    [Fact]
    public void Istiod_is_pinned_by_digest_when_the_stack_gives_one()
    {
        Assert.Equal("registry.example.com/platform/calico-alp/pilot:1.31.0@sha256:2c7e9a1b3d5f7e9c1a3b5d7f9e1c3a5b7d9f1e3c5a7b9d1f3e5c7a9b1d3f5e7c",
            S(Istiod(TestStacks.Plan("prod")).Body()["values"]!["image"]));
        Assert.Equal($"docker.io/istio/pilot:1.31.0@sha256:{new string('e', 64)}", S(Istiod(TestStacks.Plan("build")).Body()["values"]!["image"]));
        Assert.Null(Istiod(TestStacks.Plan("dev")).Body()["values"]!["image"]);
    }

    [Fact]
    public void There_is_no_gateway_template_and_the_workload_template_labels_its_pods_for_the_filter()
    {
        var plan = TestStacks.Plan("prod");
        Assert.Equal(["dikastes"], plan.InjectorTemplates.Keys);
        var labels = YamlJson.Single(plan.InjectorTemplates["dikastes"])!["metadata"]!["labels"]!;
        Assert.Equal("enabled", S(labels[WellKnown.DikastesPodLabel]));
    }

    [Theory]
    [MemberData(nameof(IstioStacks))]
    public void Istio_objects_wait_for_istiod_because_validation_fails_closed(string stack)
    {
        var plan = TestStacks.Plan(stack);
        var istiods = Istiods(plan).Select(i => i.Id).ToList();
        foreach (var item in plan.Items.Where(i => i.ApiVersion.Contains("istio.io", StringComparison.Ordinal)))
        {
            Assert.All(istiods, istiod => Assert.Contains(istiod, item.Dependencies));
        }

        Assert.All(plan.Items.Where(i => i.ItemKind == ItemKind.HelmRelease), r => Assert.Equal("Fail", S(r.Body()["values"]!["base"]!["validationFailurePolicy"])));
    }

    [Fact]
    public void The_dns_rules_follow_dns_egress_and_the_default_is_kube_dns_on_53()
    {
        var openshift = TestStacks.Plan("openshift-dns").Item("networkpolicy.shop.calico-alp-allow-istiod").Body();
        var rules = openshift["spec"]!["egress"]!.AsArray().Skip(1).ToList();
        Assert.Equal(4, rules.Count);
        Assert.Equal(["UDP", "UDP", "TCP", "TCP"], rules.Select(r => S(r!["protocol"])));
        Assert.Equal("dns.operator.openshift.io/daemonset-dns == 'default'", S(rules[0]!["destination"]!["selector"]));
        Assert.Equal("projectcalico.org/name == 'openshift-dns'", S(rules[0]!["destination"]!["namespaceSelector"]));
        Assert.All(rules, r => Assert.Equal(5353, r!["destination"]!["ports"]![0]!.GetValue<int>()));
        Assert.Equal(["169.254.20.10/32", "fd00::a/128"], rules[1]!["destination"]!["nets"]!.AsArray().Select(S));

        var defaults = IstiodEgressPolicyRenderer.DnsRules(DnsEgress.Default).ToList();
        Assert.Equal(2, defaults.Count);
        Assert.All(defaults, r => Assert.Equal(("k8s-app == 'kube-dns'", "projectcalico.org/name == 'kube-system'", 53),
            (r.Destination!.Selector, r.Destination.NamespaceSelector, r.Destination.Ports.Single())));
    }

    [Fact]
    public void Enterprise_refs_say_the_operator_manages_dikastes()
    {
        var refs = PlanFiles.Render(TestStacks.Plan("enterprise-example")).Single(f => f.Path == "images/refs.yaml").Content;
        var dikastes = S(YamlJson.Single(refs)!["dikastes"]);
        Assert.StartsWith("operator-managed", dikastes, StringComparison.Ordinal);
        Assert.DoesNotContain("quay.io", refs, StringComparison.Ordinal);
    }

    [Fact]
    public void The_prod_example_enrols_per_workload_so_istiod_gets_no_mesh_wide_default_templates()
    {
        var plan = TestStacks.Plan("prod");
        Assert.All(plan.Settings.Namespaces, n => Assert.Equal(Enrolment.Workloads, n.Enrolment));
        Assert.Null(Istiod(plan).Body()["values"]!["sidecarInjectorWebhook"]!["defaultTemplates"]);
    }

    [Theory]
    [MemberData(nameof(PinnedIstioStacks))]
    public void Every_value_key_the_stack_sets_is_one_the_pinned_chart_reads(string stack)
    {
        var plan = TestStacks.Plan(stack);

        var known = ChartValueKeys.Load(plan.Settings.Istio.Version.ToString());
        foreach (var release in plan.Items.Where(i => i.ItemKind == ItemKind.HelmRelease))
        {
            var chart = release.HelmRelease().Chart;
            foreach (var path in ChartValueKeys.Paths(release.HelmRelease().Values))
            {
                Assert.True(known.Reads(chart, path), $"{stack}: the {chart} chart does not read '{path}'");
            }
        }
    }

    [Fact]
    public void The_key_check_refuses_a_misspelt_key()
    {
        var known = ChartValueKeys.Load();
        Assert.False(known.Reads("istiod", "global.proxyInit.image"));
        Assert.False(known.Reads("istiod", "pilot.env.ENABLE_NATIVE_SIDECARS"));
        Assert.True(known.Reads("istiod", "env.ENABLE_NATIVE_SIDECARS"));
        Assert.True(known.Reads("base", "base.validationFailurePolicy"));
    }
}

/// <summary>tests/data/istio-VERSION-chart-values.txt: the value paths the charts of a pinned version know.</summary>
internal sealed record ChartValueKeys(ILookup<string, (string Kind, string Path)> ByChart)
{
    /// <summary>The version the default stack pins: Pulumi.yaml's istioVersion.</summary>
    public static string Pinned => CalicoAlp.Stacks.Config.ConfigCatalog.Find(CalicoAlp.Stacks.Config.ConfigKeys.IstioVersion)!.DefaultText;

    public static bool Recorded(string version) => File.Exists(RepoPaths.Data($"istio-{version}-chart-values.txt"));

    public static ChartValueKeys Load() => Load(Pinned);

    public static ChartValueKeys Load(string version) => new(File.ReadAllLines(RepoPaths.Data($"istio-{version}-chart-values.txt"))
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split(' '))
        .ToLookup(p => p[0], p => (p[1], p[2])));

    public bool Reads(string chart, string path) => ByChart[chart].Any(k =>
        (k.Kind is "value" or "read" && k.Path == path) || (k.Kind == "open" && path.StartsWith(k.Path + ".", StringComparison.Ordinal)));

    /// <summary>Every leaf key path of a values object; lists and strings are leaves.</summary>
    public static IEnumerable<string> Paths(JsonObject values, string prefix = "")
    {
        foreach (var (key, value) in values)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (value is JsonObject inner && inner.Count > 0)
            {
                foreach (var leaf in Paths(inner, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
