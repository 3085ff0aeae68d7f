using CalicoAlp.Manifests.IstioControlPlane;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Output;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.SidecarImages;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

/// <summary>Ownership, dependency order, determinism and the golden renders.</summary>
public sealed class PlanStructureTests
{
    public static TheoryData<string> Stacks => TestStacks.All();

    /// <summary>Kinds that exist before any stack: only ever patched.</summary>
    private static readonly string[] PreExistingKinds = ["FelixConfiguration", "DaemonSet", "Deployment"];

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_item_holds_the_typed_record_of_its_kind_and_its_json_is_made_from_it(string stack)
    {
        var plan = TestStacks.Plan(stack);
        foreach (var item in plan.Items)
        {
            switch (item.ItemKind)
            {
                case ItemKind.HelmRelease:
                    Assert.Equal(item.Name, Assert.IsType<HelmReleaseSpec>(item.Content).Name);
                    break;
                case ItemKind.ImageBuild:
                    Assert.Equal(item.Name, Assert.IsType<ImageBuildSpec>(item.Content).Name);
                    break;
                default:
                    var type = item.Content.GetType();
                    Assert.True(type == typeof(WebhookConfiguration) || type.GetGenericTypeDefinition() == typeof(KubeObject<>),
                        $"{item.Id} holds a {type.Name}");
                    var metadata = (ObjectMeta)type.GetProperty(nameof(KubeObject<NoSpec>.Metadata))!.GetValue(item.Content)!;
                    Assert.Equal((item.Namespace, item.Name), (metadata.Namespace, metadata.Name));
                    Assert.Equal(item.Kind, (string)type.GetProperty(nameof(KubeObject<NoSpec>.Kind))!.GetValue(item.Content)!);
                    break;
            }

            // A fresh tree each call: a caller that edits one cannot change the Plan.
            var body = item.Body();
            body["tampered"] = true;
            Assert.Null(item.Body()["tampered"]);
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Nothing_that_can_exist_before_the_stack_is_ever_owned(string stack)
    {
        var plan = TestStacks.Plan(stack);
        Assert.All(plan.Items.Where(i => PreExistingKinds.Contains(i.Kind)), i => Assert.Equal(Ownership.Patch, i.Ownership));
        foreach (var ns in plan.Settings.Namespaces.Where(n => n.Ownership == NamespaceOwnership.Existing))
        {
            Assert.DoesNotContain(plan.Items, i => i.Kind == "Namespace" && i.Name == ns.Name && i.Ownership == Ownership.Owned);
        }

        if (plan.Settings.Istio.SystemNamespace == NamespaceOwnership.Existing || plan.Settings.Mode == AlpMode.Enterprise)
        {
            Assert.DoesNotContain(plan.Items, i => i.Kind == "Namespace" && i.Name == "istio-system");
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Ids_are_unique_and_every_dependency_comes_earlier_so_destroy_can_run_backwards(string stack)
    {
        var items = TestStacks.Plan(stack).Items;
        Assert.Equal(items.Length, items.Select(i => i.Id).Distinct().Count());
        for (var index = 0; index < items.Length; index++)
        {
            foreach (var dependency in items[index].Dependencies)
            {
                var at = items.IndexOf(items.Single(i => i.Id == dependency));
                Assert.True(at < index, $"{items[index].Id} depends on {dependency}, planned after it");
            }
        }
    }

    public static TheoryData<string> IstioStacks => TestStacks.Where(s => s.Mode == AlpMode.Istio);

    [Theory]
    [MemberData(nameof(IstioStacks))]
    public void Custom_resources_wait_for_the_chart_that_defines_their_crds_and_workloads_wait_for_everything(string stack)
    {
        var plan = TestStacks.Plan(stack);

        // With istioBase existing the CRDs were there before the stack: no base chart, and the objects wait for the istiods alone.
        var crds = plan.Settings.Istio.Base == IstioBase.Install;
        Assert.Equal(crds, plan.Items.Any(i => i.Id == "helmrelease.istio-system.istio-base"));
        foreach (var item in plan.Items.Where(i => i.ApiVersion.Contains("istio.io", StringComparison.Ordinal)))
        {
            if (crds)
            {
                Assert.Contains("helmrelease.istio-system.istio-base", item.Dependencies);
            }

            Assert.Contains(item.Dependencies, d => d.StartsWith("helmrelease.istio-system.istiod", StringComparison.Ordinal));
        }

        var mustPrecedeRestarts = plan.Items.Where(i => i.Concern is Concern.FelixPolicySync or Concern.AuthorizationServices
            || (i.ItemKind == ItemKind.HelmRelease && i.Name.StartsWith("istiod", StringComparison.Ordinal))).Select(i => i.Id).ToList();
        foreach (var workload in plan.Items.Where(i => i.Kind == "Deployment"))
        {
            Assert.All(mustPrecedeRestarts, id => Assert.True(plan.WaitsFor(workload, id), $"{workload.Id} does not wait for {id}"));
            var ns = PlanItem.NamespaceId(workload.Namespace!);
            Assert.Equal(plan.Items.Any(i => i.Id == ns), workload.Dependencies.Contains(ns));
        }
    }

    /// <summary>
    /// The expected edges come from the items' kinds, names and namespaces, not from ids: a
    /// misspelt or dropped dependency in any renderer fails here.
    /// </summary>
    [Theory]
    [MemberData(nameof(Stacks))]
    public void Everything_in_a_namespace_waits_for_the_namespace_items_planned_for_it(string stack)
    {
        var plan = TestStacks.Plan(stack);
        PlanItem? Find(string kind, string? ns, string? name = null) =>
            plan.Items.SingleOrDefault(i => i.Kind == kind && (kind == "Namespace" ? i.Name == ns : i.Namespace == ns) && (name is null || i.Name == name));

        foreach (var item in plan.Items.Where(i => i.Namespace is not null && i.Namespace != "istio-system" && i.ItemKind == ItemKind.KubernetesObject))
        {
            var expected = new List<PlanItem?> { Find("Namespace", item.Namespace) };
            if (item.Kind == "Deployment")
            {
                expected.Add(Find("NetworkPolicy", item.Namespace, "calico-alp-allow-istiod"));
                expected.Add(Find("PeerAuthentication", item.Namespace, "default"));
            }

            foreach (var dependency in expected.OfType<PlanItem>())
            {
                Assert.True(item.Dependencies.Contains(dependency.Id), $"{stack}: {item.Id} does not wait for {dependency.Id}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Whole_concerns_are_waited_for_once_so_edges_stay_linear(string stack)
    {
        var plan = TestStacks.Plan(stack);
        foreach (var item in plan.Items)
        {
            // A small constant per item, whatever the number of policies or namespaces.
            Assert.True(item.DependencyNames.Count() <= 8, $"{item.Id} has {item.DependencyNames.Count()} dependencies");
            Assert.Equal(item.WaitsForConcerns.Distinct().Count(), item.WaitsForConcerns.Length);
            Assert.DoesNotContain(item.Concern, item.WaitsForConcerns);
            Assert.All(item.WaitsForConcerns, c => Assert.Contains(plan.Items, i => i.Concern == c));
        }

        foreach (var workload in plan.Items.Where(i => i.Kind == "Deployment" && plan.Items.Any(p => p.Concern == Concern.HttpPolicies)))
        {
            Assert.Contains("concern:HttpPolicies", workload.DependencyNames);
            Assert.DoesNotContain(workload.Dependencies, d => plan.Item(d).Concern == Concern.HttpPolicies);
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Rendering_twice_gives_byte_identical_files(string stack)
    {
        var first = PlanFiles.Render(TestStacks.Plan(stack));
        var second = PlanFiles.Render(TestStacks.Plan(stack));
        Assert.Equal(first.Select(f => f.Path + "\n" + f.Content).ToArray(), second.Select(f => f.Path + "\n" + f.Content).ToArray());
        Assert.Equal(first.Select(f => f.Path).Order(StringComparer.Ordinal), first.Select(f => f.Path));
    }

    /// <summary>A plan past the threshold renders in parallel; each of its files must be what the one-thread path writes.</summary>
    [Fact]
    public void A_large_plan_renders_in_parallel_to_the_same_files_as_on_one_thread()
    {
        var prod = TestStacks.Plan("prod");
        // Objects only: their file is named by their id (a chart's or an image's by its name).
        var objects = prod.Items.Where(i => i.ItemKind is not (ItemKind.HelmRelease or ItemKind.ImageBuild)).ToArray();
        var copies = PlanFiles.ParallelRenderThreshold / objects.Length + 1;
        var large = prod with { Items = [.. Enumerable.Range(0, copies).SelectMany(n => objects.Select(i => i with { Id = $"{i.Id}-{n}" }))] };
        Assert.True(large.Items.Length >= PlanFiles.ParallelRenderThreshold);

        var parallel = PlanFiles.Render(large).ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var oneThread = large.Items.Chunk(PlanFiles.ParallelRenderThreshold - 1)
            .SelectMany(chunk => PlanFiles.Render(large with { Items = [.. chunk] }))
            .Where(f => f.Path is not (PlanFiles.PlanJson or "images/refs.yaml"))
            .ToArray();
        Assert.Equal(large.Items.Select(PlanFiles.PathOf).Distinct(StringComparer.Ordinal).Count(), oneThread.Length);
        Assert.All(oneThread, f => Assert.Equal(f.Content, parallel[f.Path]));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_render_matches_the_reviewed_golden_files(string stack)
    {
        var golden = Path.Combine(RepoPaths.Root, "tests", "CalicoAlp.Manifests.Tests", "Golden", stack);
        var files = PlanFiles.Render(TestStacks.Plan(stack));
        if (Environment.GetEnvironmentVariable("ALP_UPDATE_GOLDEN") == "1")
        {
            // Rewriting goldens in CI would compare them with themselves and prove nothing.
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "ALP_UPDATE_GOLDEN is refused under CI=true");
            if (Directory.Exists(golden))
            {
                Directory.Delete(golden, recursive: true);
            }

            foreach (var file in files)
            {
                var path = Path.Combine(golden, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
            }

            Assert.Fail($"the {stack} goldens were rewritten; review the diff, then run again without ALP_UPDATE_GOLDEN");
        }

        var expected = Directory.GetFiles(golden, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(golden, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, files.Select(f => f.Path));
        foreach (var file in files)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(golden, file.Path)), file.Content);
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task Plan_json_is_valid_against_its_documented_schema_and_names_only_planned_dependencies(string stack)
    {
        var schema = await NJsonSchema.JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "plan.schema.json")));
        var plan = TestStacks.Plan(stack);
        var text = PlanFiles.PlanJsonText(plan);
        Assert.Empty(schema.Validate(text).Select(e => e.ToString()));

        var items = System.Text.Json.Nodes.JsonNode.Parse(text)!["items"]!.AsArray();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var concerns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (var dependency in item!["dependencies"]!.AsArray().Select(d => d!.GetValue<string>()))
            {
                Assert.True(ids.Contains(dependency) || (dependency.StartsWith("concern:", StringComparison.Ordinal) && concerns.Contains(dependency[8..])),
                    $"{item["id"]} depends on {dependency}, which is not planned before it");
            }

            ids.Add(item["id"]!.GetValue<string>());
            concerns.Add(item["concern"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_plan_schema_refuses_an_unknown_field_and_an_unknown_ownership()
    {
        var schema = await NJsonSchema.JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "plan.schema.json")));
        var plan = System.Text.Json.Nodes.JsonNode.Parse(PlanFiles.PlanJsonText(TestStacks.Plan("dev")))!;
        plan["items"]![0]!["ownership"] = "borrowed";
        Assert.Contains("#/items[0].ownership", string.Join("\n", schema.Validate(plan.ToJsonString())), StringComparison.Ordinal);
        plan["items"]![0]!["ownership"] = "owned";
        plan["items"]![0]!["surprise"] = true;
        Assert.Contains("NoAdditionalPropertiesAllowed: #/items[0].surprise", string.Join("\n", schema.Validate(plan.ToJsonString())), StringComparison.Ordinal);
    }

    /// <summary>What `alp render` writes is what the Pulumi program registers: every file reads back, as kubectl would, to the item's body.</summary>
    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_rendered_file_reads_back_to_exactly_the_registered_object(string stack)
    {
        var plan = TestStacks.Plan(stack);
        var files = PlanFiles.Render(plan).ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        foreach (var item in plan.Items)
        {
            var back = YamlJson.Single(files[PlanFiles.PathOf(item)]);
            Assert.True(YamlJson.ReadsBackAs(item.Body(), back), $"{stack}: {item.Id} reads back differently");
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Patch_files_and_chart_specs_say_what_they_are_and_owned_objects_carry_no_header(string stack)
    {
        var plan = TestStacks.Plan(stack);
        var files = PlanFiles.Render(plan).ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        foreach (var item in plan.Items)
        {
            var text = files[PlanFiles.PathOf(item)];
            var expected = item.ItemKind == ItemKind.HelmRelease ? "# chart spec: "
                : item.ItemKind == ItemKind.ImageBuild ? "# image build spec: "
                : item.Ownership == Ownership.Patch ? "# patch: " : null;
            if (expected is null)
            {
                Assert.False(text.StartsWith('#'), $"{item.Id} is owned and needs no header");
            }
            else
            {
                Assert.StartsWith(expected, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Plan_json_lists_every_item_with_its_ownership_and_dependencies()
    {
        var plan = TestStacks.Plan("prod");
        var json = System.Text.Json.Nodes.JsonNode.Parse(PlanFiles.PlanJsonText(plan))!;
        var items = json["items"]!.AsArray();
        Assert.Equal(plan.Items.Select(i => i.Id), items.Select(i => i!["id"]!.GetValue<string>()));
        foreach (var (entry, item) in items.Zip(plan.Items))
        {
            Assert.Equal(item.Ownership == Ownership.Owned ? "owned" : "patch", entry!["ownership"]!.GetValue<string>());
            Assert.Equal(item.DependencyNames.ToArray(), entry["dependencies"]!.AsArray().Select(d => d!.GetValue<string>()));
            foreach (var field in new[] { "concern", "apiVersion", "kind", "namespace", "name" })
            {
                Assert.True(entry.AsObject().ContainsKey(field), field);
            }
        }
    }
}

public sealed class StackOutputsTests
{
    [Fact]
    public void Outputs_carry_mode_versions_mtls_namespaces_workloads_images_and_a_filled_readme()
    {
        var plan = TestStacks.Plan("prod");
        var outputs = StackOutputs.For(plan);
        Assert.Equal("istio", outputs["mode"]);
        Assert.Equal("v3.33.1", outputs["calicoVersion"]);
        Assert.Equal("1.31.0", outputs["istioVersion"]);
        Assert.Equal("STRICT", outputs["mtlsMode"]);
        Assert.Equal(["payments", "storefront"], ((System.Collections.Immutable.ImmutableArray<string>)outputs["meshedNamespaces"]).ToArray());
        Assert.Equal(["payments/payments-api", "payments/ledger", "storefront/web"], ((System.Collections.Immutable.ImmutableArray<string>)outputs["enrolledWorkloads"]).ToArray());
        var images = (System.Collections.Immutable.ImmutableSortedDictionary<string, string>)outputs["sidecarImages"];
        Assert.Equal(plan.Images.Dikastes, images["dikastes"]);
        Assert.Equal(plan.Images.Proxy, images["proxy"]);

        var readme = (string)outputs["readme"];
        Assert.Contains("stack `prod`", readme, StringComparison.Ordinal);
        Assert.Contains(plan.InjectionHash, readme, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Enterprise_outputs_name_no_istio()
    {
        var outputs = StackOutputs.For(TestStacks.Plan("enterprise"));
        Assert.Equal(("enterprise", "none", "none"), ((string)outputs["mode"], (string)outputs["istioVersion"], (string)outputs["mtlsMode"]));
        Assert.False(((System.Collections.Immutable.ImmutableSortedDictionary<string, string>)outputs["sidecarImages"]).ContainsKey("proxy"));
    }
}
