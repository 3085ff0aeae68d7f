using System.Text.Json;
using System.Text.Json.Nodes;
using CalicoAlp.Components.Configuration;
using CalicoAlp.Components.Inputs;
using MtlsMode = CalicoAlp.Components.Inputs.MtlsMode;
using CalicoAlp.Components.Provider;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;
using Json.Schema;
using Pulumi.Experimental.Provider;

namespace CalicoAlp.Components.Tests;

/// <summary>The provider's GetSchema: what `pulumi package add` generates every language's SDK from.</summary>
public sealed class ProviderSchemaTests
{
    private static readonly string GoldenPath = Path.Combine(RepoPaths.Root, "tests", "CalicoAlp.Components.Tests", "Golden", "provider-schema.json");

    private static async Task<string> SchemaText() =>
        (await new AlpComponentProvider().GetSchema(new GetSchemaRequest(1, null, null), CancellationToken.None)).Schema!;

    private static async Task<JsonObject> Schema() => JsonNode.Parse(await SchemaText())!.AsObject();

    private static JsonObject Component(JsonObject schema) => schema["resources"]![ApplicationLayerPolicy.Type]!.AsObject();

    [Fact]
    public async Task The_schema_is_the_reviewed_golden_and_the_same_on_every_call()
    {
        var text = await SchemaText();
        Assert.Equal(text, await SchemaText());
        if (Environment.GetEnvironmentVariable("ALP_UPDATE_GOLDEN") == "1")
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "ALP_UPDATE_GOLDEN is refused under CI=true");
            Directory.CreateDirectory(Path.GetDirectoryName(GoldenPath)!);
            await File.WriteAllTextAsync(GoldenPath, text);
            Assert.Fail("the provider schema golden was rewritten; review the diff, then run again without ALP_UPDATE_GOLDEN");
        }

        Assert.Equal(await File.ReadAllTextAsync(GoldenPath), text);
    }

    [Fact]
    public async Task The_schema_is_valid_against_pulumis_package_metaschema()
    {
        var metaschema = JsonSchema.FromText(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Schemas, "pulumi", "package-schema.json")));
        var result = metaschema.Evaluate(JsonNode.Parse(await SchemaText()), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", result.Details.Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))));
    }

    [Fact]
    public async Task The_metaschema_rejects_what_the_sdk_alone_infers()
    {
        // The inference leaves namespace empty, which the metaschema's pattern refuses: the check above can fail.
        var inferred = await new ComponentProvider(typeof(ApplicationLayerPolicy).Assembly, new Metadata("calico-alp"), [typeof(ApplicationLayerPolicy)])
            .GetSchema(new GetSchemaRequest(1, null, null), CancellationToken.None);
        var metaschema = JsonSchema.FromText(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Schemas, "pulumi", "package-schema.json")));
        Assert.False(metaschema.Evaluate(JsonNode.Parse(inferred.Schema!)).IsValid);
    }

    [Fact]
    public async Task Every_config_key_is_an_input_with_its_type_description_and_default()
    {
        var schema = await Schema();
        var inputs = Component(schema)["inputProperties"]!.AsObject();
        Assert.Equal(ConfigCatalog.Keys.Select(k => k.Name).Order(StringComparer.Ordinal), inputs.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Empty(Component(schema)["requiredInputs"]!.AsArray());

        foreach (var key in ConfigCatalog.Keys)
        {
            var property = inputs[key.Name]!.AsObject();
            var description = property["description"]!.GetValue<string>();
            Assert.StartsWith(key.Description, description, StringComparison.Ordinal);
            Assert.EndsWith(key.DefaultText.Length == 0 ? " Default: unset." : $" Default: {key.DefaultText}.", description, StringComparison.Ordinal);
            Assert.Equal(SchemaType(schema, property), key.Type.ToSchemaName());
            if (key.Type is ConfigType.Array)
            {
                Assert.Equal(key.ItemType!.Value.ToSchemaName(), SchemaType(schema, property["items"]!.AsObject()));
            }

            var expected = key.DefaultText.Length == 0 || key.Type is ConfigType.Array or ConfigType.Object ? null : key.DefaultText;
            Assert.Equal(expected, property["default"]?.ToJsonString().Trim('"'));
            Assert.Equal(key.Secret, property["secret"]?.GetValue<bool>() ?? false);
            // Settings decide which resources exist: plain everywhere but the password, which may come from another resource.
            Assert.Equal(!key.Secret, property["plain"]?.GetValue<bool>() ?? false);
        }
    }

    [Fact]
    public async Task Each_enum_type_lists_exactly_the_spellings_the_loader_accepts()
    {
        var types = (await Schema())["types"]!.AsObject();
        var expected = new Dictionary<string, IEnumerable<string>>
        {
            ["DeploymentEnvironment"] = ConfigSpellings.Environments.Select(e => e.Text),
            ["AlpMode"] = ConfigSpellings.Modes.Select(e => e.Text),
            ["CalicoApiGroup"] = ConfigSpellings.ApiGroups.Select(e => e.Text),
            ["CalicoInstallType"] = ConfigSpellings.InstallTypes.Select(e => e.Text),
            ["PolicySyncMethod"] = ConfigSpellings.PolicySyncMethods.Select(e => e.Text),
            ["MtlsMode"] = ConfigSpellings.MtlsModes.Select(e => e.Text),
            ["AuthzFailureMode"] = ConfigSpellings.FailureModes.Select(e => e.Text),
            ["IstioBase"] = ConfigSpellings.IstioBases.Select(e => e.Text),
            ["NamespaceOwnership"] = ConfigSpellings.Ownerships.Select(e => e.Text),
            ["Enrolment"] = ConfigSpellings.Enrolments.Select(e => e.Text),
            ["EgressMode"] = ConfigSpellings.EgressModes.Select(e => e.Text),
            ["ImageSource"] = ConfigSpellings.ImageSources.Select(e => e.Text),
            ["GuardrailOverride"] = ConfigSpellings.GuardrailOverrides.Select(e => e.Text),
            ["PolicyKind"] = ConfigSpellings.PolicyKinds.Select(e => e.Text),
            ["RuleAction"] = ConfigSpellings.RuleActions.Select(e => e.Text),
            ["Toggle"] = ConfigSpellings.Toggles.Select(e => e.Text),
        };

        var enums = types.Where(t => t.Value!["enum"] is not null).ToDictionary(t => t.Key["calico-alp:index:".Length..], t => t.Value!.AsObject());
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), enums.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, spellings) in expected)
        {
            Assert.Equal("string", enums[name]["type"]!.GetValue<string>());
            Assert.Equal(spellings, enums[name]["enum"]!.AsArray().Select(v => v!["value"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Each_object_type_has_exactly_the_fields_its_reader_accepts_each_described()
    {
        var types = (await Schema())["types"]!.AsObject();
        var expected = new Dictionary<string, IEnumerable<string>>
        {
            ["MeshNamespace"] = ConfigFields.Namespace,
            ["IstioRevision"] = ConfigFields.IstioRevision,
            ["DnsEgress"] = ConfigFields.DnsEgress,
            ["DikastesResources"] = ConfigFields.DikastesResources,
            ["Quantities"] = ConfigFields.Quantities,
            ["HttpPolicy"] = ConfigFields.HttpPolicy,
            ["HttpRule"] = ConfigFields.HttpRule,
            ["RuleEndpoint"] = ConfigFields.RuleEndpoint,
            ["ServiceAccounts"] = ConfigFields.ServiceAccounts,
            ["HttpMatch"] = ConfigFields.HttpMatch,
            ["HttpPath"] = ConfigFields.HttpPath,
            ["HttpHeader"] = ConfigFields.HttpHeader,
            ["ApplicationLayer"] = ConfigFields.ApplicationLayer,
            ["LogCollection"] = ConfigFields.LogCollection,
            ["Envoy"] = ConfigFields.Envoy,
        };

        var objects = types.Where(t => t.Value!["enum"] is null).ToDictionary(t => t.Key["calico-alp:index:".Length..], t => t.Value!.AsObject());
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), objects.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, fields) in expected)
        {
            var properties = objects[name]["properties"]!.AsObject();
            Assert.Equal(fields.Order(StringComparer.Ordinal), properties.Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.All(properties, p => Assert.False(string.IsNullOrWhiteSpace(p.Value!["description"]?.GetValue<string>()), $"{name}.{p.Key}"));
            Assert.False(string.IsNullOrWhiteSpace(objects[name]["description"]?.GetValue<string>()), name);
        }
    }

    [Fact]
    public async Task The_outputs_are_the_stack_outputs_each_described()
    {
        var outputs = Component(await Schema())["properties"]!.AsObject();
        var plan = AlpProgramTests.PlanOf("dev");
        Assert.Equal(Manifests.Output.StackOutputs.For(plan).Keys.Order(StringComparer.Ordinal), outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.All(outputs, o => Assert.False(string.IsNullOrWhiteSpace(o.Value!["description"]?.GetValue<string>()), o.Key));
    }

    [Fact]
    public void Every_property_of_the_args_is_an_input_and_each_enum_member_reads_back_as_its_spelling()
    {
        foreach (var (token, type) in ProviderSchema.ArgsTypes())
        {
            Assert.All(type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance),
                p => Assert.Contains(ComponentInputs.InputProperties(type), i => i.Property == p));
            Assert.StartsWith("calico-alp:index:", token, StringComparison.Ordinal);
        }

        Assert.Equal("STRICT", (string)MtlsMode.Strict);
        Assert.Equal("permissive-mtls", GuardrailOverride.PermissiveMtls.ToString());
        Assert.NotEqual(MtlsMode.Strict, MtlsMode.Permissive);
    }

    /// <summary>The schema type a property has: its own, or that of the type it refers to.</summary>
    private static string SchemaType(JsonObject schema, JsonObject property)
    {
        if (property["$ref"] is { } reference)
        {
            var token = reference.GetValue<string>()["#/types/".Length..];
            return schema["types"]![token]!["type"]!.GetValue<string>();
        }

        return property["type"]!.GetValue<string>();
    }

    [Fact]
    public void The_provider_and_the_three_packages_carry_the_one_version_alp_carries()
    {
        var version = System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props")).Descendants("AlpVersion").Single().Value;
        Assert.Equal(version, AlpComponentProvider.Version);
        Assert.All(new[] { typeof(ApplicationLayerPolicy), typeof(CalicoAlp.Manifests.Planning.Plan), typeof(CalicoAlp.Stacks.Settings.StackSettings) },
            t => Assert.StartsWith(version + "+", t.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion, StringComparison.Ordinal));
    }
}
