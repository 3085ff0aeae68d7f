using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Stacks.Tests;

public sealed class GuardrailTests
{
    private static readonly (string, string)[] PinnedProduction =
    [
        ("environment", "production"),
        ("imageSource", "prebuilt"),
        ("imageRegistry", "registry.example.com/alp"),
        ("dikastesImageDigest", "v3.33.1@sha256:" + new string('a', 64)),
        ("proxyImageDigest", "1.31.0@sha256:" + new string('b', 64)),
        ("istiodImageDigest", "1.31.0@sha256:" + new string('c', 64)),
    ];

    private static LoadResult Production(params (string, string)[] values) =>
        SettingsLoader.Load(StackValues.Raw([.. PinnedProduction, .. values]));

    [Fact]
    public void A_pinned_strict_fail_closed_protected_production_stack_loads()
    {
        var result = Production();
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(DeploymentEnvironment.Production, result.Settings!.Environment);
    }

    [Theory]
    [InlineData("protect", "false", "unprotected")]
    [InlineData("istioMtlsMode", "PERMISSIVE", "permissive-mtls")]
    [InlineData("authzFailureMode", "open", "fail-open")]
    [InlineData("dikastesImageDigest", "", "unpinned-images")]
    [InlineData("istiodImageDigest", "", "unpinned-images")]
    public void Each_guardrail_fails_in_production_and_yields_only_to_its_named_override(string key, string value, string overrideName)
    {
        var violated = Production((key, value));
        Assert.Contains(violated.Errors, e => e.Message.Contains($"'{overrideName}'", StringComparison.Ordinal));

        var relaxed = Production((key, value), ("guardrailOverrides", $"[\"{overrideName}\"]"));
        Assert.DoesNotContain(relaxed.Errors, e => e.Message.Contains($"'{overrideName}'", StringComparison.Ordinal));

        var otherOverride = overrideName == "fail-open" ? "unprotected" : "fail-open";
        var wrongOverride = Production((key, value), ("guardrailOverrides", $"[\"{otherOverride}\"]"));
        Assert.Contains(wrongOverride.Errors, e => e.Message.Contains($"'{overrideName}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Upstream_images_without_digests_are_refused_in_production_by_default()
    {
        var result = SettingsLoader.Load(StackValues.Raw(("environment", "production")));
        Assert.Contains(result.Errors, e => e.Key == "calico-alp:dikastesImageDigest");
        Assert.Contains(result.Errors, e => e.Key == "calico-alp:proxyImageDigest");
    }

    [Fact]
    public void Production_pins_istiod_too_and_names_the_key()
    {
        var result = Production(("istiodImageDigest", ""));
        var error = Assert.Single(result.Errors);
        Assert.Equal("calico-alp:istiodImageDigest", error.Key);
        Assert.StartsWith("istiod without a digest is not allowed in production", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_documentation_registry_loads_with_a_warning_that_it_and_its_digests_are_placeholders()
    {
        var result = Production();
        Assert.Contains(result.Settings!.Warnings, w => w.StartsWith("imageRegistry: 'registry.example.com/alp' is a documentation placeholder", StringComparison.Ordinal));
        var real = Production(("imageRegistry", "ghcr.io/acme/alp"));
        Assert.DoesNotContain(real.Settings!.Warnings, w => w.Contains("placeholder", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_production_and_protected()
    {
        var result = SettingsLoader.Load(StackValues.Raw(("guardrailOverrides", "[\"unpinned-images\"]")));
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(DeploymentEnvironment.Production, result.Settings!.Environment);
        Assert.True(result.Settings.Protect);
        Assert.Equal(MtlsMode.Strict, result.Settings.Istio.Mtls);
        Assert.Equal(AuthzFailureMode.Closed, result.Settings.Authz.FailureMode);
    }

    [Fact]
    public void Overrides_outside_production_only_warn()
    {
        var result = StackValues.Load(("guardrailOverrides", "[\"fail-open\"]"));
        Assert.True(result.Ok);
        Assert.Contains(result.Settings!.Warnings, w => w.Contains("no effect outside production", StringComparison.Ordinal));
    }
}
