using CalicoAlp.Components.Configuration;
using CalicoAlp.Components.Provider;
using CalicoAlp.Infra;
using Pulumi;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using Pulumi.Testing;

namespace CalicoAlp.Components.Tests;

/// <summary>
/// The component served to other languages registers what the C# program registers: the
/// provider's Construct, in process under mocks, against the program's own path.
/// </summary>
[Collection(PulumiTestGroup.Name)]
public sealed class ProviderConstructTests
{
    public static TheoryData<string> Stacks => new() { "dev", "prod", "enterprise", StackRun.DevBuild };

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task Construct_registers_the_same_types_names_inputs_parents_and_dependencies_as_the_csharp_program(string stack)
    {
        var program = await ComponentRegistrations.OfProgram(stack);
        var construct = await ComponentRegistrations.OfConstruct(stack, ComponentInputs.FromRawConfig(ComponentRegistrations.StackConfig(stack)));

        Assert.True(program.Length > 5, $"only {program.Length} registrations");
        Assert.True(program.SequenceEqual(construct), $"program only: {string.Join("; ", program.Except(construct))}\nconstruct only: {string.Join("; ", construct.Except(program))}");
        Assert.Equal(program.Select(r => r.ToString()), construct.Select(r => r.ToString()));
        // The witness sees parents and dependencies: a Plan item hangs under its concern and waits for what it needs.
        Assert.Contains(program, r => r.Parent.StartsWith($"{AlpProgram.RootName}-", StringComparison.Ordinal) && r.DependsOn.Length > 0);
        Assert.Single(program, r => r.Parent == "(stack)");
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task The_csharp_programs_path_is_what_the_stack_program_registers(string stack)
    {
        var program = await ComponentRegistrations.OfProgram(stack);
        var run = await StackRun.Of(stack);
        var registered = run.Registered.Select(r => $"{r.Type} {r.Name} {AlpProgramTests.Canonical(AlpProgramTests.Json(r.Inputs))}").Order(StringComparer.Ordinal);
        Assert.Equal(registered, program.Select(r => $"{r.Type} {r.Name} {r.Inputs}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Construct_refuses_bad_inputs_with_the_loaders_key_paths_before_registering_anything()
    {
        var inputs = ComponentInputs.FromRawConfig(ComponentRegistrations.StackConfig("dev"))
            .SetItem("istioMtlsMode", new PropertyValue("STRIKT"))
            .SetItem("authzTimeoutMs", new PropertyValue("fast"))
            .SetItem("istioRevison", new PropertyValue("canary"));
        var mocks = new RecordingMocks();
        var error = await Record.ExceptionAsync(() => Pulumi.Deployment.TestAsync(mocks, new TestOptions { ProjectName = "calico-alp", StackName = "dev", IsPreview = false }, async () =>
        {
            await new AlpComponentProvider().Construct(new ConstructRequest(ApplicationLayerPolicy.Type, "alp", inputs, new ComponentResourceOptions()), CancellationToken.None);
            return new Dictionary<string, object?>();
        }));

        var message = string.Join("\n", Messages(error));
        // The provider's own exception, whose message the engine prints (the test host adds the trace after it).
        Assert.Contains("System.ArgumentException: calico-alp:index:ApplicationLayerPolicy 'alp' is invalid; nothing was changed:\n  error: ", message, StringComparison.Ordinal);
        Assert.Contains("error: calico-alp:istioMtlsMode: 'STRIKT' is not allowed; expected one of: STRICT, PERMISSIVE", message, StringComparison.Ordinal);
        Assert.Contains("error: calico-alp:authzTimeoutMs: 'fast' is not an integer", message, StringComparison.Ordinal);
        Assert.Contains("error: calico-alp:istioRevison: unknown config key;", message, StringComparison.Ordinal);
        Assert.Contains("(did you mean 'istioRevision'?)", message, StringComparison.Ordinal);
        Assert.Empty(mocks.Registered);
    }

    [Fact]
    public async Task A_value_only_known_after_deployment_is_refused_by_name()
    {
        var inputs = ComponentInputs.FromRawConfig(ComponentRegistrations.StackConfig("dev")).SetItem("istioRevision", PropertyValue.Computed);
        var result = ComponentSettings.Load("dev", inputs);
        var error = Assert.Single(result.Errors);
        Assert.Equal("calico-alp:istioRevision", error.Key);
        Assert.Contains("not known before the deployment", error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_secret_password_from_another_language_reaches_only_the_image_builds_login()
    {
        const string Plaintext = "s3cr3t-from-a-typescript-program";
        var inputs = ComponentInputs.FromRawConfig(ComponentRegistrations.StackConfig(StackRun.DevBuild))
            .SetItem("registryUsername", new PropertyValue("ci"))
            .SetItem("registryPassword", new PropertyValue(Plaintext).WithSecret(true));
        var mocks = new RecordingMocks();
        await Pulumi.Deployment.TestAsync(mocks, new TestOptions { ProjectName = "calico-alp", StackName = "dev", IsPreview = false }, async () =>
        {
            var response = await new AlpComponentProvider().Construct(new ConstructRequest(ApplicationLayerPolicy.Type, "alp", inputs, new ComponentResourceOptions()), CancellationToken.None);
            Assert.All(response.Outputs.Values, v => Assert.DoesNotContain(Plaintext, v.ToString() ?? string.Empty, StringComparison.Ordinal));
            return new Dictionary<string, object?>();
        });

        var images = mocks.Registered.Where(r => r.Type == RecordingMocks.ImageType).ToList();
        Assert.Equal(2, images.Count);
        Assert.All(images, image => Assert.Equal(Plaintext, AlpProgramTests.Json(image.Inputs)["registries"]![0]!["password"]!.GetValue<string>()));
        Assert.All(mocks.Registered.Where(r => r.Type != RecordingMocks.ImageType),
            r => Assert.DoesNotContain(Plaintext, AlpProgramTests.Json(r.Inputs).ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_input_too_short_to_redact_is_refused_by_its_key_and_never_shown()
    {
        var inputs = ComponentInputs.FromRawConfig(ComponentRegistrations.StackConfig(StackRun.DevBuild))
            .SetItem("registryUsername", new PropertyValue("ci"))
            .SetItem("registryPassword", new PropertyValue("e").WithSecret(true));
        var loaded = ComponentSettings.Load("dev", inputs);
        var error = Assert.Single(loaded.Errors);
        Assert.Equal("calico-alp:registryPassword", error.Key);
        Assert.StartsWith("the secret is shorter than 8 characters", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Messages(Exception? error) => error switch
    {
        null => ["(no error)"],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Messages),
        _ => [error.Message],
    };
}
