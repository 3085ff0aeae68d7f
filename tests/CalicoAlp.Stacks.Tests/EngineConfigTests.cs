using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;

namespace CalicoAlp.Stacks.Tests;

public sealed class EngineConfigTests
{
    [Fact]
    public void Reads_every_key_of_every_namespace_and_marks_the_secret_ones()
    {
        var raw = EngineConfig.Parse("dev",
            """{"calico-alp:mode":"istio","calico-alp:namespaces":"[{\"name\":\"shop\"}]","kubernetes:context":"kind","calico-alp:registryPassword":"hunter2"}""",
            """["calico-alp:registryPassword"]""");

        Assert.Equal("istio", raw.Values["calico-alp:mode"].Text);
        Assert.Equal("""[{"name":"shop"}]""", raw.Values["calico-alp:namespaces"].Text);
        Assert.Equal("kind", raw.Values["kubernetes:context"].Text);
        Assert.True(raw.Values["calico-alp:registryPassword"].IsSecret);
        Assert.DoesNotContain("hunter2", string.Join(",", raw.Values.Values.Select(v => v.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_decrypted_secret_typed_again_as_another_value_is_never_printed()
    {
        var raw = EngineConfig.Parse("dev",
            """{"calico-alp:environment":"non-production","calico-alp:registryPassword":"Hunter2!","calico-alp:kubeContext":"ctx-Hunter2!","calico-alp:registryUsername":"ci","calico-alp:namespaces":"[{\"name\":\"Hunter2!\",\"workloads\":[\"web\"]}]"}""",
            """["calico-alp:registryPassword"]""");
        var result = SettingsLoader.Load(raw);

        var error = Assert.Single(result.Errors);
        Assert.Equal("calico-alp:namespaces[0].name", error.Key);
        Assert.StartsWith("'[secret]' is not a valid namespace name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("e")]
    [InlineData("hunter2")]
    public void A_secret_too_short_to_redact_safely_is_refused_by_its_key_alone(string secret)
    {
        // Redacting "e" would blank every 'e' in every message, and the gaps would spell it out.
        var raw = EngineConfig.Parse("dev",
            $$"""{"calico-alp:environment":"non-production","calico-alp:registryPassword":"{{secret}}","calico-alp:registryUsername":"ci","calico-alp:namespaces":"[{\"name\":\"Shop\"}]"}""",
            """["calico-alp:registryPassword"]""");
        var result = SettingsLoader.Load(raw);

        var error = Assert.Single(result.Errors);
        Assert.Equal("calico-alp:registryPassword", error.Key);
        Assert.Equal($"the secret is shorter than {SettingsLoader.MinSecretLength} characters, too short to keep out of every message; use a longer one", error.Message);
    }

    [Fact]
    public void Drops_the_legacy_config_segment_as_the_sdk_does()
    {
        var raw = EngineConfig.Parse("dev", """{"calico-alp:config:mode":"enterprise"}""", null);
        Assert.Equal("enterprise", Assert.Single(raw.Values).Value.Text);
        Assert.Equal("calico-alp:mode", raw.Values.Keys.Single());
    }

    [Theory]
    [InlineData("calcio-alp:istioMtlsMode", "unknown config namespace 'calcio-alp' (did you mean 'calico-alp:istioMtlsMode'?)")]
    [InlineData("calico_alp:mode", "unknown config namespace 'calico_alp' (did you mean 'calico-alp:mode'?)")]
    [InlineData("Calico-Alp:mode", "unknown config namespace 'Calico-Alp' (did you mean 'calico-alp:mode'?)")]
    [InlineData("calicoalp:mode", "unknown config namespace 'calicoalp' (did you mean 'calico-alp:mode'?)")]
    [InlineData("istioMtlsMode", "a config key needs a namespace; expected calico-alp:istioMtlsMode")]
    public void A_near_miss_namespace_or_none_is_an_error_naming_the_key(string key, string expect)
    {
        var result = SettingsLoader.Load(RawConfig.Create("dev", [new(key, new RawValue("x")), new("calico-alp:environment", new RawValue("non-production"))]));
        var error = Assert.Single(result.Errors);
        Assert.Equal(key, error.Key);
        Assert.StartsWith(expect, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kubernetes:context")]
    [InlineData("pulumi:disable-default-providers")]
    [InlineData("docker-build:host")]
    [InlineData("calico:anything")]
    public void Other_namespaces_are_left_to_their_owners(string key)
    {
        var result = SettingsLoader.Load(RawConfig.Create("dev", [new(key, new RawValue("x")), new("calico-alp:environment", new RawValue("non-production"))]));
        Assert.True(result.Ok, string.Join("\n", result.Errors));
    }
}
