using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CalicoAlp.Components.Configuration;
using CalicoAlp.Components.Provider;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Tests.Support;
using Pulumi;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using Pulumi.Testing;

namespace CalicoAlp.Components.Tests;

/// <summary>examples/yaml: a Pulumi YAML program using the component through the provider.</summary>
[Collection(PulumiTestGroup.Name)]
public sealed class YamlExampleTests
{
    private static readonly string ExampleDirectory = Path.Combine(RepoPaths.Root, "examples", "yaml");

    private static JsonObject Program() => YamlJson.Single(File.ReadAllText(Path.Combine(ExampleDirectory, "Pulumi.yaml")))!.AsObject();

    private static JsonObject Alp() => Program()["resources"]!["alp"]!.AsObject();

    /// <summary>The resource's properties as the YAML runtime sends them to Construct.</summary>
    private static ImmutableDictionary<string, PropertyValue> Inputs()
    {
        var properties = ComponentInputs.FromRawValue(null, new RawValue(Alp()["properties"]!.ToJsonString(), IsStructured: true));
        Assert.True(properties.TryGetMap(out var map));
        return map;
    }

    [Fact]
    public void The_example_creates_what_it_enrols_and_sends_everything_through_the_provider_it_creates()
    {
        var resources = Program()["resources"]!.AsObject();
        var provider = Assert.Single(resources, r => r.Value!["type"]!.GetValue<string>() == "pulumi:providers:kubernetes").Key;
        foreach (var ns in Alp()["properties"]!["namespaces"]!.AsArray())
        {
            foreach (var workload in ns!["workloads"]!.AsArray().Select(w => w!.GetValue<string>()))
            {
                Assert.Contains(resources, r => r.Value!["type"]!.GetValue<string>() == "kubernetes:apps/v1:Deployment"
                    && r.Value["properties"]!["metadata"]!["name"]!.GetValue<string>() == workload);
            }
        }

        Assert.All(resources.Where(r => r.Key != provider), r => Assert.Equal($"${{{provider}}}", r.Value!["options"]?["provider"]?.GetValue<string>()));
    }

    [Fact]
    public void The_package_entry_points_at_the_provider_and_the_resource_at_the_components_token()
    {
        var provider = Path.GetFullPath(Path.Combine(ExampleDirectory, Program()["packages"]![ConfigCatalog.ProjectName]!.GetValue<string>()));
        Assert.Equal("dotnet", YamlJson.Single(File.ReadAllText(Path.Combine(provider, "PulumiPlugin.yaml")))!["runtime"]!.GetValue<string>());
        Assert.Single(Directory.GetFiles(provider, "*.csproj"));
        Assert.Equal(ApplicationLayerPolicy.Type, Alp()["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Its_properties_and_outputs_are_in_the_providers_schema()
    {
        var schema = JsonNode.Parse((await new AlpComponentProvider().GetSchema(new GetSchemaRequest(1, null, null), CancellationToken.None)).Schema!)!;
        var component = schema["resources"]![ApplicationLayerPolicy.Type]!;
        Assert.All(Inputs().Keys, key => Assert.NotNull(component["inputProperties"]![key]));
        foreach (var (name, value) in Program()["outputs"]!.AsObject())
        {
            var reference = value!.GetValue<string>();
            Assert.StartsWith("${alp.", reference, StringComparison.Ordinal);
            Assert.NotNull(component["properties"]![reference["${alp.".Length..^1]]);
            Assert.Equal(name, reference["${alp.".Length..^1]);
        }
    }

    [Fact]
    public async Task Construct_accepts_its_properties_and_enrols_the_workload_it_names()
    {
        Assert.True(ComponentSettings.Load("dev", Inputs()).Ok, string.Join("\n", ComponentSettings.Load("dev", Inputs()).Errors));
        var mocks = new RecordingMocks();
        await Pulumi.Deployment.TestAsync(mocks, new TestOptions { ProjectName = "alp-yaml-example", StackName = "dev", IsPreview = false }, async () =>
        {
            await new AlpComponentProvider().Construct(new ConstructRequest(ApplicationLayerPolicy.Type, "alp", Inputs(), new ComponentResourceOptions()), CancellationToken.None);
            return new Dictionary<string, object?>();
        });

        var names = mocks.Registered.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("alp-deployment.shop.web", names);
        Assert.Contains("alp-networkpolicy.shop.web-read-only", names);
        Assert.DoesNotContain("alp-namespace.shop", names);
    }
}
