using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.TestKit.Schemas;
using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

[Collection(SchemaFixtureGroup.Name)]
public sealed class SchemaValidationTests(SchemaCatalog schemas)
{
    public static TheoryData<string> Stacks => TestStacks.All();

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_object_validates_strictly_against_its_upstream_schema(string stack)
    {
        var plan = TestStacks.Plan(stack);
        var sets = SchemaSets.For(TestStacks.Settings(stack));
        var objects = plan.Items.Where(i => i.ItemKind == ItemKind.KubernetesObject).ToList();
        Assert.NotEmpty(objects);
        foreach (var item in objects)
        {
            var errors = schemas.Validate(item.Body(), patch: item.Ownership == Ownership.Patch, sets);
            Assert.True(errors.Count == 0, $"{stack}: {item.Id} is invalid:\n{string.Join("\n", errors)}\n{item.Body().ToJsonString()}");
        }
    }

    /// <summary>
    /// Every Calico line the matrix accepts (at its first patch alp check takes) with every Istio
    /// minor it knows (at its first patch not refused), on the newest Kubernetes that minor supports.
    /// </summary>
    public static TheoryData<string, string, string> AcceptedLines()
    {
        static SemVersion FirstPatch(SemVersion from, Func<SemVersion, bool> accepted)
        {
            var version = from;
            while (!accepted(version))
            {
                version = version with { Patch = version.Patch + 1 };
            }

            return version;
        }

        var data = new TheoryData<string, string, string>();
        foreach (var calico in CompatibilityMatrix.CalicoOss.Where(r => r.Verdict != Verdict.Rejected).Select(r => FirstPatch(r.From, CompatibilityMatrix.Recommendable)))
        {
            foreach (var istio in CompatibilityMatrix.Istio.Where(r => r.Minor >= CompatibilityMatrix.MinimumIstio.Minor))
            {
                var version = FirstPatch(new SemVersion(1, istio.Minor, 0), v => !CompatibilityMatrix.RefusedIstio.Contains(v));
                data.Add($"v{calico}", version.ToString(), istio.KubeMax.MinorText);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AcceptedLines))]
    public void Every_accepted_calico_line_with_every_known_istio_minor_renders_valid_objects(string calico, string istio, string kubernetes)
    {
        var settings = TestStacks.Raw(("calicoVersion", calico), ("istioVersion", istio), ("kubernetesVersion", kubernetes),
            ("namespaces", """[{"name":"shop","enrolment":"workloads","workloads":["cart"],"egress":"restricted"}]"""));
        var plan = PlanBuilder.Build(settings);
        var objects = plan.Items.Where(i => i.ItemKind == ItemKind.KubernetesObject).ToList();
        Assert.NotEmpty(objects);
        foreach (var item in objects)
        {
            var errors = schemas.Validate(item.Body(), patch: item.Ownership == Ownership.Patch, SchemaSets.For(settings));
            Assert.True(errors.Count == 0, $"{calico}/{istio}: {item.Id} is invalid:\n{string.Join("\n", errors)}");
        }

        Assert.Contains(plan.InjectorTemplates, t => t.Key == WellKnown.DikastesTemplate);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void The_injection_templates_parse_as_yaml_and_validate_as_pod_overlays(string stack)
    {
        var plan = TestStacks.Plan(stack);
        foreach (var (name, template) in plan.InjectorTemplates)
        {
            var overlay = Assert.IsType<JsonObject>(YamlJson.Single(template));
            var pod = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = overlay["metadata"]?.DeepClone() ?? new JsonObject(),
                ["spec"] = overlay["spec"]!.DeepClone(),
            };
            var errors = schemas.Validate(pod, patch: true);
            Assert.True(errors.Count == 0, $"{stack}: template {name} is invalid:\n{string.Join("\n", errors)}");
        }
    }

    [Fact]
    public void The_validator_rejects_an_unknown_field_in_a_crd_spec()
    {
        var peer = TestStacks.Plan("dev").Item("peerauthentication.istio-system.default").Body();
        peer["spec"]!["mtlsMode"] = "STRICT";
        Assert.Contains(schemas.Validate(peer, patch: false), e => e.Contains("NoAdditionalPropertiesAllowed", StringComparison.Ordinal));
    }

    [Fact]
    public void The_validator_rejects_an_unknown_field_in_kubernetes_metadata()
    {
        var ns = TestStacks.Plan("crd-v1").Item("namespace.shop").Body();
        ns["metadata"]!["label"] = new JsonObject();
        var error = Assert.Single(schemas.Validate(ns, patch: false));
        Assert.Contains("NoAdditionalPropertiesAllowed", error, StringComparison.Ordinal);
        Assert.Contains("label", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_validator_rejects_a_wrong_type_and_a_wrong_enum()
    {
        var policy = TestStacks.Plan("dev").Item("networkpolicy.payments.calico-alp-allow-istiod").Body();
        policy["spec"]!["types"] = new JsonArray("Sideways");
        var enumError = Assert.Single(schemas.Validate(policy, patch: false));
        Assert.Contains("NotInEnumeration", enumError, StringComparison.Ordinal);
        Assert.Contains("types", enumError, StringComparison.Ordinal);

        var filter = TestStacks.Plan("dev").Item("envoyfilter.istio-system.ext-authz").Body();
        filter["spec"]!["configPatches"]![0]!["applyTo"] = 7;
        Assert.Contains("#/spec.configPatches[0].applyTo: StringExpected", schemas.Validate(filter, patch: false));
    }

    [Fact]
    public void The_validator_rejects_an_object_name_the_api_server_would_refuse()
    {
        var policy = TestStacks.Plan("dev").Item("networkpolicy.payments.calico-alp-allow-istiod").Body();
        policy["metadata"]!["name"] = "Calico-ALP";
        Assert.Contains("metadata.name: 'Calico-ALP' is not a DNS-1123 subdomain", schemas.Validate(policy, patch: false));

        var ns = TestStacks.Plan("crd-v1").Item("namespace.shop").Body();
        ns["metadata"]!["name"] = "shop.eu";
        Assert.Contains("metadata.name: 'shop.eu' is not a DNS-1123 label", schemas.Validate(ns, patch: false));
    }

    [Fact]
    public void The_validator_rejects_label_keys_and_values_the_api_server_would_refuse()
    {
        var ns = TestStacks.Plan("crd-v1").Item("namespace.shop").Body();
        ns["metadata"]!["labels"] = new JsonObject { ["team"] = new string('a', 64) };
        Assert.Contains(schemas.Validate(ns, patch: false), e => e.StartsWith("metadata.labels['team']: value 'aaa", StringComparison.Ordinal));

        ns["metadata"]!["labels"] = new JsonObject { [new string('k', 64)] = "v" };
        Assert.Contains(schemas.Validate(ns, patch: false), e => e.Contains("has a name part that is not at most 63 characters", StringComparison.Ordinal));

        // A pod template's labels too: the server checks every ObjectMeta.
        var deployment = TestStacks.Plan("dev").Item("deployment.payments.payments-api").Body();
        deployment["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "-web" } } } };
        Assert.Contains(schemas.Validate(deployment, patch: true), e => e.StartsWith("spec.template.metadata.labels['app']", StringComparison.Ordinal));
    }

    [Fact]
    public void The_validator_rejects_two_items_with_one_list_map_key()
    {
        var deployment = TestStacks.Plan("dev").Item("deployment.payments.payments-api").Body();
        var container = new JsonObject { ["name"] = "app", ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80 }, new JsonObject { ["containerPort"] = 80, ["protocol"] = "TCP" }) };
        deployment["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(container, container.DeepClone()) } } };
        var errors = schemas.Validate(deployment, patch: true);
        Assert.Contains("spec.template.spec.containers: duplicate entries for key [name=\"app\"]", errors);
        // The port without a protocol is TCP once the server defaults it.
        Assert.Contains("spec.template.spec.containers[0].ports: duplicate entries for key [containerPort=80, protocol=\"TCP\"]", errors);
    }

    [Fact]
    public void The_validator_rejects_a_kind_it_has_no_schema_for()
    {
        var obj = new JsonObject { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w" } };
        Assert.Contains(schemas.Validate(obj, patch: false), e => e.Contains("no upstream schema", StringComparison.Ordinal));
    }

    [Fact]
    public void Required_fields_are_enforced_for_owned_objects_and_relaxed_for_patches()
    {
        var deployment = TestStacks.Plan("dev").Item("deployment.payments.payments-api").Body();
        Assert.Empty(schemas.Validate(deployment, patch: true));
        var missing = schemas.Validate(deployment, patch: false);
        Assert.Contains(missing, e => e.Contains("PropertyRequired", StringComparison.Ordinal) && e.Contains("selector", StringComparison.Ordinal));
    }
}

public sealed class SchemaCopyTests
{
    [SkippableFact]
    public void The_repositorys_schema_copy_is_byte_identical_to_shared_schemas()
    {
        // tests/schemas is the repository's truth. Where the project's shared/ folder is checked out
        // beside the repository (the project's own machines), the copy must be that folder, byte for
        // byte; on a fresh clone with nothing beside it, or on GitHub, there is nothing to compare.
        var shared = CalicoAlp.Tests.Support.RepoPaths.SharedSchemas;
        Skip.IfNot(Directory.Exists(shared), $"{shared} does not exist here; the vendored copy under tests/schemas is used as it is");

        string[] Files(string root) => [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
        var names = Files(shared);
        Assert.Equal(names, Files(CalicoAlp.Tests.Support.RepoPaths.Schemas));
        foreach (var file in names)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(shared, file)).AsSpan()
                .SequenceEqual(File.ReadAllBytes(Path.Combine(CalicoAlp.Tests.Support.RepoPaths.Schemas, file))), file);
        }
    }
}
