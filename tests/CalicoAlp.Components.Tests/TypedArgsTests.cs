using CalicoAlp.Components.Configuration;
using CalicoAlp.Components.Inputs;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Config;
using MtlsMode = CalicoAlp.Components.Inputs.MtlsMode;

namespace CalicoAlp.Components.Tests;

/// <summary>The typed surface as a C# program writes it: object initializers, enum members, nested args.</summary>
[Collection(PulumiTestGroup.Name)]
public sealed class TypedArgsTests
{
    /// <summary>Pulumi.dev.yaml, written as typed args.</summary>
    private static ApplicationLayerPolicyArgs Dev() => new()
    {
        Environment = DeploymentEnvironment.NonProduction,
        Protect = false,
        KubernetesVersion = "1.35",
        CalicoVersion = "v3.33.1",
        IstioVersion = "1.31.0",
        IstioMtlsMode = MtlsMode.Permissive,
        AuthzFailureMode = AuthzFailureMode.Open,
        AuthzTimeoutMs = 500,
        DikastesDebug = true,
        Namespaces =
        [
            new MeshNamespaceArgs { Name = "alp-demo", Ownership = NamespaceOwnership.Existing, Enrolment = Enrolment.Workloads, Workloads = ["frontend"] },
            new MeshNamespaceArgs { Name = "payments", Ownership = NamespaceOwnership.Existing, Enrolment = Enrolment.Workloads, Workloads = ["payments-api"], Egress = EgressMode.Restricted },
        ],
        HttpPolicies =
        [
            new HttpPolicyArgs
            {
                Name = "tradingapp-read-only",
                Kind = PolicyKind.GlobalNetworkPolicy,
                Selector = "app == 'tradingapp'",
                Ingress = [new HttpRuleArgs { Action = RuleAction.Allow, Http = new HttpMatchArgs { Methods = ["GET"], Paths = [new HttpPathArgs { Exact = "/projects/calico" }, new HttpPathArgs { Prefix = "/users" }] } }],
            },
            new HttpPolicyArgs
            {
                Name = "payments-from-frontend",
                Kind = PolicyKind.NetworkPolicy,
                Namespace = "payments",
                Selector = "app == 'payments-api'",
                Order = 200,
                Ingress =
                [
                    new HttpRuleArgs
                    {
                        Action = RuleAction.Allow,
                        Protocol = "TCP",
                        Source = new RuleEndpointArgs { ServiceAccounts = new ServiceAccountsArgs { Names = ["frontend"] }, NamespaceSelector = "projectcalico.org/name == 'alp-demo'" },
                        Destination = new RuleEndpointArgs { Ports = [8080] },
                        Http = new HttpMatchArgs { Methods = ["POST", "GET"], Paths = [new HttpPathArgs { Prefix = "/v1/payments" }] },
                    },
                ],
            },
        ],
    };

    [Fact]
    public void The_dev_stack_written_as_typed_args_plans_exactly_what_the_stack_file_plans()
    {
        var loaded = ComponentSettings.Load("dev", ComponentInputs.FromArgs(Dev()));
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        var fromArgs = PlanBuilder.Build(loaded.Settings!);
        var fromFile = AlpProgramTests.PlanOf("dev");

        Assert.Equal(fromFile.Items.Select(i => i.Id), fromArgs.Items.Select(i => i.Id));
        Assert.All(fromFile.Items.Zip(fromArgs.Items), p => Assert.Equal(p.First.Body().ToJsonString(), p.Second.Body().ToJsonString()));
        Assert.Equal(fromFile.InjectionHash, fromArgs.InjectionHash);
    }

    [Fact]
    public void An_unset_property_takes_the_keys_default_and_a_set_one_reaches_the_loader_under_its_key()
    {
        var inputs = ComponentInputs.FromArgs(new ApplicationLayerPolicyArgs { Environment = DeploymentEnvironment.NonProduction, AuthzTimeoutMs = 750 });
        Assert.Equal(["authzTimeoutMs", "environment"], inputs.Keys.Order(StringComparer.Ordinal));
        var (raw, unknown) = ComponentInputs.ToRawConfig("dev", inputs);
        Assert.Empty(unknown);
        Assert.Equal("750", raw.Values[ConfigCatalog.Qualified(ConfigKeys.AuthzTimeoutMs)].Text);

        var settings = ComponentSettings.Load("dev", inputs).Settings!;
        Assert.Equal(750, settings.Authz.TimeoutMs);
        Assert.Equal(Stacks.Settings.MtlsMode.Strict, settings.Istio.Mtls);
    }

    [Fact]
    public void The_password_reaches_the_loader_as_a_set_secret_and_never_as_text()
    {
        var inputs = ComponentInputs.FromArgs(new ApplicationLayerPolicyArgs
        {
            Environment = DeploymentEnvironment.NonProduction,
            RegistryUsername = "ci",
            RegistryPassword = Pulumi.Output.Create("hunter2"),
        });
        var (raw, _) = ComponentInputs.ToRawConfig("dev", inputs);
        var password = raw.Values[ConfigCatalog.Qualified(ConfigKeys.RegistryPassword)];
        Assert.True(password.IsSecret);
        Assert.Equal(string.Empty, password.Text);
        Assert.True(ComponentSettings.Load("dev", inputs).Ok);
    }

    [Fact]
    public void A_bad_value_in_a_nested_list_fails_with_its_key_path()
    {
        var loaded = ComponentSettings.Load("dev", ComponentInputs.FromArgs(new ApplicationLayerPolicyArgs
        {
            Environment = DeploymentEnvironment.NonProduction,
            Namespaces = [new MeshNamespaceArgs { Name = "shop", Workloads = ["web", "Bad_Name"] }],
        }));
        var error = Assert.Single(loaded.Errors);
        Assert.Equal("calico-alp:namespaces[0].workloads[1]", error.Key);
        Assert.Contains("'Bad_Name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_args_end_the_program_before_even_the_component_is_registered()
    {
        var mocks = new RecordingMocks();
        var error = await Record.ExceptionAsync(() => Pulumi.Deployment.TestAsync(mocks, new Pulumi.Testing.TestOptions { ProjectName = "calico-alp", StackName = "dev", IsPreview = false }, () =>
        {
            _ = new ApplicationLayerPolicy("alp", new ApplicationLayerPolicyArgs { Environment = DeploymentEnvironment.NonProduction, AuthzTimeoutMs = 0 });
            return Task.FromResult<IDictionary<string, object?>>(new Dictionary<string, object?>());
        }));

        Assert.NotNull(error);
        Assert.Contains("calico-alp:index:ApplicationLayerPolicy 'alp' is invalid; nothing was changed:\n  error: calico-alp:authzTimeoutMs: ", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(mocks.Registered);
    }
}
