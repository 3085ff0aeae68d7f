using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Stacks.Tests;

public sealed class SettingsLoaderTests
{
    [Fact]
    public void The_dev_stack_loads_with_its_gradual_adoption_settings()
    {
        var result = StackLoader.FromFiles(RepoPaths.Root, "dev");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var s = result.Settings!;
        Assert.Equal(DeploymentEnvironment.NonProduction, s.Environment);
        Assert.Equal(MtlsMode.Permissive, s.Istio.Mtls);
        Assert.Equal(AuthzFailureMode.Open, s.Authz.FailureMode);
        Assert.True(s.Dikastes.Debug);
        Assert.Contains(s.Namespaces, n => n.Name == "alp-demo" && n.Ownership == NamespaceOwnership.Existing && n.Enrolment == Enrolment.Workloads);
    }

    [Fact]
    public void The_prod_stack_loads_with_every_guardrail_met()
    {
        var result = StackLoader.FromFiles(RepoPaths.Root, "prod");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var s = result.Settings!;
        Assert.Equal(DeploymentEnvironment.Production, s.Environment);
        Assert.Equal(MtlsMode.Strict, s.Istio.Mtls);
        Assert.Equal(AuthzFailureMode.Closed, s.Authz.FailureMode);
        Assert.True(s.Protect);
        Assert.Empty(s.GuardrailOverrides);
        Assert.NotNull(s.Images.DikastesDigest);
        Assert.NotNull(s.Images.ProxyDigest);
        Assert.All(s.Namespaces, n => Assert.Equal(NamespaceOwnership.Existing, n.Ownership));
    }

    [Fact]
    public void Raw_config_with_only_some_keys_is_completed_from_the_catalogue_defaults()
    {
        // The Pulumi engine merges defaults itself, but a test or an older engine may omit keys.
        var result = StackValues.Load(("namespaces", "[{\"name\":\"demo\",\"enrolment\":\"namespace\"}]"));
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(SemVersion.Parse("1.31.0"), result.Settings!.Istio.Version);
        Assert.Equal(Enrolment.Namespace, result.Settings.Namespaces.Single().Enrolment);
        Assert.Equal(NamespaceOwnership.Existing, result.Settings.Namespaces.Single().Ownership);
    }

    [Fact]
    public void Every_error_is_collected_before_the_load_gives_up()
    {
        var result = StackValues.Load(("mode", "x"), ("protect", "maybe"), ("istioMtlsMode", "loose"));
        Assert.Equal(["calico-alp:istioMtlsMode", "calico-alp:mode", "calico-alp:protect"], result.Errors.Select(e => e.Key).Order());
        Assert.All(result.Errors, e => Assert.Contains("'", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_password_becomes_a_reference_and_never_a_value()
    {
        var raw = RawConfig.Create("test",
        [
            new(ConfigCatalog.Qualified("environment"), new RawValue("non-production")),
            new(ConfigCatalog.Qualified("registryUsername"), new RawValue("ci")),
            new(ConfigCatalog.Qualified("registryPassword"), RawValue.Secret()),
        ]);
        var result = SettingsLoader.Load(raw);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(new SecretReference("registryPassword"), result.Settings!.Images.RegistryPassword);
    }

    [Fact]
    public void Enterprise_mode_with_istio_keys_at_their_defaults_is_accepted()
    {
        var result = StackValues.Load(("mode", "enterprise"), ("calicoVersion", "v3.20.7"), ("istioVersion", "1.31.0"));
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(AlpMode.Enterprise, result.Settings!.Mode);
    }

    [Theory]
    [InlineData("v3.32.1", 3, 32, 1)]
    [InlineData("1.34", 1, 34, 0)]
    [InlineData("1.30.3", 1, 30, 3)]
    public void Versions_parse_with_or_without_a_v_and_a_patch(string text, int major, int minor, int patch) =>
        Assert.Equal(new SemVersion(major, minor, patch), SemVersion.Parse(text));

    [Fact]
    public void Versions_compare_numerically_not_as_text()
    {
        Assert.True(SemVersion.Parse("1.9.0") < SemVersion.Parse("1.10.0"));
        Assert.Null(SemVersion.TryParse("1.x"));
    }
}
