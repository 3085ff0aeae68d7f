using System.Collections;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalicoAlp.Cli;
using CalicoAlp.Components.Configuration;
using CalicoAlp.Components.Resources;
using CalicoAlp.Infra;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.SidecarImages;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;
using Pulumi;
using Pulumi.Kubernetes.Helm.V4;

namespace CalicoAlp.Components.Tests;

[Collection(PulumiTestGroup.Name)]
public sealed class AlpProgramTests
{
    public static TheoryData<string> Stacks => new() { "dev", "prod", "enterprise", StackRun.DevBuild };

    private static string NameOf(string id) => $"{AlpProgram.RootName}-{id}";

    private static JsonArray RenderedPlanItems(string stack)
    {
        var dir = Directory.CreateTempSubdirectory("alp-plan-");
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = AlpCommand.Run(["render", "--stack", stack, "--stack-file", StackRun.StackFile(stack), "--out", Path.Combine(dir.FullName, "out")], stdout, stderr, RepoPaths.Root);
            Assert.True(code == 0, stderr.ToString());
            return JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "out", "plan.json")))!["items"]!.AsArray();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    internal static Plan PlanOf(string stack) => PlanBuilder.Build(StackLoader.FromFiles(RepoPaths.Root, stack, StackRun.StackFile(stack)).Settings!);

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task Every_item_of_plan_json_becomes_exactly_one_resource_of_its_type(string stack)
    {
        var run = await StackRun.Of(stack);
        var items = RenderedPlanItems(stack);
        var plan = PlanOf(stack);

        foreach (var entry in items)
        {
            var id = entry!["id"]!.GetValue<string>();
            var matches = run.Registered.Where(r => r.Name == NameOf(id)).ToList();
            var registration = Assert.Single(matches);
            Assert.Equal(PulumiTypes.For(plan.Item(id)), registration.Type);
            var patch = entry["ownership"]!.GetValue<string>() == "patch";
            Assert.Equal(patch, registration.Type!.EndsWith("Patch", StringComparison.Ordinal));
        }

        // Nothing else is registered but the provider and our own components.
        var others = run.Registered.Where(r => !items.Any(i => NameOf(i!["id"]!.GetValue<string>()) == r.Name)).ToList();
        Assert.All(others, r => Assert.True(
            r.Type == PulumiTypes.KubernetesProvider || r.Type!.StartsWith("calico-alp:", StringComparison.Ordinal), $"unexpected {r.Type} {r.Name}"));
        Assert.Single(others, r => r.Type == PulumiTypes.KubernetesProvider);
    }

    private static readonly Dictionary<string, string> BuildMode = new()
    {
        ["calico-alp:imageSource"] = "build",
        ["calico-alp:imageBuilder"] = "calico-alp",
        ["calico-alp:imageRegistry"] = "registry.example.com/platform/calico-alp",
    };

    /// <summary>The references the mocked builds report, by image name.</summary>
    private static Dictionary<string, string> BuiltReferences(Plan plan) =>
        plan.ByConcern(Concern.SidecarImages).ToDictionary(i => i.Name,
            i => RecordingMocks.BuiltReference(i.Body()["tags"]![0]!.GetValue<string>()), StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task Each_resource_carries_the_plan_body_as_its_inputs(string stack)
    {
        var run = await StackRun.Of(stack);
        var plan = PlanOf(stack);
        // Items carry the built references, as a real `pulumi up` would: the Plan built with them.
        var registered = plan.BuiltImages.IsEmpty ? plan : BuiltImages.Resolve(plan, BuiltReferences(plan));
        foreach (var item in plan.Items)
        {
            var inputs = Json(run.Registered.Single(r => r.Name == NameOf(item.Id)).Inputs);
            var body = registered.Item(item.Id).Body();
            if (item.ItemKind == ItemKind.ImageBuild)
            {
                Assert.True(inputs["push"]!.GetValue<bool>());
                Assert.False(inputs["buildOnPreview"]!.GetValue<bool>());
                Assert.Equal(Canonical(body["platforms"]), Canonical(inputs["platforms"]));
                Assert.Equal(Canonical(body["tags"]), Canonical(inputs["tags"]));
                Assert.Equal(Canonical(body["buildArgs"]), Canonical(inputs["buildArgs"]));
                // Relative to the program's working folder, so state does not depend on the machine.
                var location = inputs["dockerfile"]!["location"]!.GetValue<string>();
                Assert.False(Path.IsPathRooted(location), location);
                Assert.Equal(Path.Combine(RepoPaths.Root, body["dockerfile"]!.GetValue<string>()), Path.GetFullPath(location, Environment.CurrentDirectory));
                Assert.Equal(body["cacheRef"]!.GetValue<string>(), inputs["cacheTo"]![0]!["registry"]!["ref"]!.GetValue<string>());
                Assert.Equal(body["builder"]!.GetValue<string>(), inputs["builder"]!["name"]!.GetValue<string>());
                continue;
            }

            if (item.ItemKind == ItemKind.HelmRelease)
            {
                Assert.Equal(Canonical(body["values"]), Canonical(inputs["values"]));
                Assert.Equal(body["version"]!.GetValue<string>(), inputs["version"]!.GetValue<string>());
                Assert.Equal(body["name"]!.GetValue<string>(), inputs["name"]!.GetValue<string>());
                Assert.Equal(body["repository"]!.GetValue<string>(), inputs["repositoryOpts"]!["repo"]!.GetValue<string>());
                continue;
            }

            Assert.Equal(item.ApiVersion, inputs["apiVersion"]!.GetValue<string>());
            Assert.Equal(item.Kind, inputs["kind"]!.GetValue<string>());
            Assert.Equal(Canonical(body["metadata"]), Canonical(inputs["metadata"]));
            Assert.Equal(Canonical(body["spec"]), Canonical(inputs["spec"]));
        }
    }

    /// <summary>The component type each concern registers as: an independent table, not the code's own map.</summary>
    private static readonly Dictionary<Concern, string> ConcernTypes = new()
    {
        [Concern.FelixPolicySync] = "calico-alp:calico:FelixPolicySync",
        [Concern.IstioControlPlane] = "calico-alp:istio:IstioControlPlane",
        [Concern.AuthorizationServices] = "calico-alp:istio:AuthorizationServices",
        [Concern.IstiodEgressPolicy] = "calico-alp:calico:IstiodEgressPolicy",
        [Concern.MeshNamespaces] = "calico-alp:mesh:MeshNamespaces",
        [Concern.SidecarImages] = "calico-alp:images:SidecarImages",
        [Concern.ApplicationLayer] = "calico-alp:enterprise:ApplicationLayer",
        [Concern.HttpPolicies] = "calico-alp:calico:HttpPolicies",
    };

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task Each_items_urn_places_it_under_its_concern_component_under_the_root(string stack)
    {
        var run = await StackRun.Of(stack);
        var plan = PlanOf(stack);
        var urns = EngineUrns.Of(run.Resources, stack);
        foreach (var item in plan.Items)
        {
            // urn:pulumi:<stack>::<project>::<parent type>$<parent type>$<type>::<name>
            var urn = urns[NameOf(item.Id)];
            var typeChain = urn.Split("::")[2];
            Assert.Equal($"{ApplicationLayerPolicy.Type}${ConcernTypes[item.Concern]}${PulumiTypes.For(item)}", typeChain);
            Assert.StartsWith($"urn:pulumi:{stack}::calico-alp::", urn, StringComparison.Ordinal);
        }

        Assert.Equal(plan.Settings.Mode == AlpMode.Istio, urns.Values.Any(u => u.Contains("$calico-alp:istio:InjectorTemplates::", StringComparison.Ordinal)));
        Assert.Contains(urns.Values, u => u.EndsWith($"::{ApplicationLayerPolicy.Type}::{AlpProgram.RootName}", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task Every_kubernetes_object_uses_the_stack_provider(string stack)
    {
        var run = await StackRun.Of(stack);
        foreach (var item in PlanOf(stack).Items.Where(i => i.ItemKind == ItemKind.KubernetesObject))
        {
            var provider = run.Registered.Single(r => r.Name == NameOf(item.Id)).Provider;
            Assert.NotNull(provider);
            Assert.Contains($"pulumi:providers:kubernetes::{AlpProgram.RootName}-k8s", provider, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Enterprise_mode_registers_the_application_layer_and_no_istio_resource()
    {
        var run = await StackRun.Of("enterprise");
        Assert.Single(run.Registered, r => r.Type == "kubernetes:operator.tigera.io/v1:ApplicationLayer");
        Assert.Single(run.Registered, r => r.Type == "kubernetes:projectcalico.org/v3:GlobalNetworkPolicy");
        Assert.DoesNotContain(run.Registered, r => r.Type!.Contains("istio", StringComparison.OrdinalIgnoreCase) || r.Type == PulumiTypes.HelmChart);
        Assert.Equal("enterprise", run.Outputs["mode"]);
    }

    [Fact]
    public async Task The_outputs_are_the_plan_outputs()
    {
        var run = await StackRun.Of("prod");
        Assert.Equal("istio", run.Outputs["mode"]);
        Assert.Equal("STRICT", run.Outputs["mtlsMode"]);
        Assert.Equal("1.31.0", run.Outputs["istioVersion"]);
        Assert.Equal(["payments", "storefront"], ((ImmutableArray<string>)run.Outputs["meshedNamespaces"]!).ToArray());
        Assert.Contains("payments/ledger", (ImmutableArray<string>)run.Outputs["enrolledWorkloads"]!);
        Assert.StartsWith("registry.example.com/", ((ImmutableSortedDictionary<string, string>)run.Outputs["sidecarImages"]!)["dikastes"], StringComparison.Ordinal);
        Assert.Contains("stack `prod`", (string)run.Outputs["readme"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registry_password_reaches_only_the_image_builds_login_and_no_output()
    {
        const string Plaintext = "s3cr3t-registry-password";
        var run = await StackRun.Of("dev",
            new Dictionary<string, string>(BuildMode) { ["calico-alp:registryPassword"] = Plaintext, ["calico-alp:registryUsername"] = "ci" },
            ["calico-alp:registryPassword"]);

        var images = run.Registered.Where(r => r.Type == RecordingMocks.ImageType).ToList();
        Assert.Equal(2, images.Count);
        Assert.All(images, image =>
        {
            var login = Json(image.Inputs)["registries"]![0]!;
            Assert.Equal(("registry.example.com", "ci", Plaintext), (login["address"]!.GetValue<string>(), login["username"]!.GetValue<string>(), login["password"]!.GetValue<string>()));
        });
        Assert.All(run.Registered.Where(r => r.Type != RecordingMocks.ImageType),
            r => Assert.DoesNotContain(Plaintext, JsonSerializer.Serialize(Json(r.Inputs)), StringComparison.Ordinal));
        Assert.All(run.Outputs.Values, v => Assert.DoesNotContain(Plaintext, v?.ToString() ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_registry_password_reaches_the_component_as_a_secret_output()
    {
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", """{"calico-alp:environment":"non-production","calico-alp:registryUsername":"ci","calico-alp:registryPassword":"pw-of-the-registry"}""");
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", """["calico-alp:registryPassword"]""");
        try
        {
            var secret = false;
            await Pulumi.Deployment.TestAsync(new RecordingMocks(), new Pulumi.Testing.TestOptions { ProjectName = "calico-alp", IsPreview = false }, async () =>
            {
                var config = PulumiStackConfig.Load();
                var password = config.RegistryPassword;
                Assert.NotNull(password);
                secret = await Output.IsSecretAsync(password);
                Assert.Equal("pw-of-the-registry", await Pulumi.Utilities.OutputUtilities.GetValueAsync(password));
                return new Dictionary<string, object?>();
            });
            Assert.True(secret);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", null);
            Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", null);
        }
    }

    [Fact]
    public async Task Built_references_replace_every_placeholder_and_roll_the_workloads()
    {
        var run = await StackRun.Of("dev", BuildMode);
        var plan = PlanBuilder.Build(SettingsLoader.Load(CalicoAlp.Stacks.Config.RawConfig.Create("dev",
            StackFileReader.Read(Path.Combine(RepoPaths.Root, "Pulumi.yaml"), StackRun.StackFile("dev"), "dev").Config!.Values
                .SetItems(BuildMode.Select(b => new KeyValuePair<string, CalicoAlp.Stacks.Config.RawValue>(b.Key, new(b.Value)))))).Settings!);
        var refs = BuiltReferences(plan);
        var istiod = JsonSerializer.Serialize(Json(run.Registered.Single(r => r.Name == NameOf("helmrelease.istio-system.istiod")).Inputs));
        Assert.DoesNotContain(".invalid", istiod, StringComparison.Ordinal);
        Assert.Contains(refs["dikastes"], istiod, StringComparison.Ordinal);
        Assert.Contains(refs["istio-proxy"], istiod, StringComparison.Ordinal);

        var workload = Json(run.Registered.Single(r => r.Name == NameOf("deployment.payments.payments-api")).Inputs);
        var resolvedHash = BuiltImages.Resolve(plan, refs).InjectionHash;
        Assert.NotEqual(plan.InjectionHash, resolvedHash);
        Assert.Equal(resolvedHash, workload["spec"]!["template"]!["metadata"]!["annotations"]!["calico-alp.io/injection-hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_config_stops_the_program_with_the_errors_and_registers_nothing_else()
    {
        var error = await Record.ExceptionAsync(() => StackRun.Of("dev", new Dictionary<string, string> { ["calico-alp:istioMtlsMode"] = "strict" }));
        Assert.NotNull(error);
        var message = error is AggregateException aggregate ? string.Join("\n", aggregate.InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Contains("calico-alp:istioMtlsMode: 'strict' is not allowed", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_chart_transform_adds_the_plan_ignores_to_webhook_children_and_retain_to_every_child(bool retain)
    {
        var istiod = PlanOf("prod").Items.Single(i => i.ItemKind == ItemKind.HelmRelease && i.Name == "istiod");
        var transform = ChartTransforms.ChildOptions(istiod.Policy with { RetainOnDelete = retain });

        var webhook = await transform(new ResourceTransformArgs("istiod-default-validator",
            "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration", true, ImmutableDictionary<string, object?>.Empty, new CustomResourceOptions()));
        Assert.NotNull(webhook);
        Assert.Equal(["webhooks[*].clientConfig.caBundle"], webhook.Value.Options.IgnoreChanges);
        Assert.Equal(retain ? true : null, webhook.Value.Options.RetainOnDelete);

        var deployment = await transform(new ResourceTransformArgs("istiod", "kubernetes:apps/v1:Deployment", true,
            ImmutableDictionary<string, object?>.Empty, new CustomResourceOptions()));
        if (retain)
        {
            Assert.NotNull(deployment);
            Assert.Empty(deployment.Value.Options.IgnoreChanges);
            Assert.True(deployment.Value.Options.RetainOnDelete);
        }
        else
        {
            Assert.Null(deployment);
        }
    }

    /// <summary>Mock inputs (ImmutableDictionary, ImmutableArray, double...) as JSON.</summary>
    internal static JsonObject Json(ImmutableDictionary<string, object> inputs) => (JsonObject)ToNode(inputs)!;

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        double d => JsonValue.Create(d),
        int i => JsonValue.Create((double)i),
        IDictionary dictionary => new JsonObject(dictionary.Keys.Cast<string>().Select(k => new KeyValuePair<string, JsonNode?>(k, ToNode(dictionary[k])))),
        IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToNode).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>Key order and number formatting do not matter; values do.</summary>
    internal static string Canonical(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject obj => "{" + string.Join(",", obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Canonical(p.Value)}")) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(Canonical)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
