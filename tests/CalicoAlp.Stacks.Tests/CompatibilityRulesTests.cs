using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Stacks.Tests;

public sealed class CompatibilityRulesTests
{
    // Each rule: a configuration that breaks it, and the nearest one that passes.
    public static TheoryData<string, (string, string)[], (string, string)[]> Rules => new()
    {
        { "calico-oss-release", [("calicoVersion", "v3.30.7")], [("calicoVersion", "v3.32.1")] },
        { "calico-apiserver-apply", [("calicoVersion", "v3.32.0")], [("calicoVersion", "v3.32.0"), ("calicoApiGroup", "crd.projectcalico.org/v1")] },
        { "istio-minimum", [("istioVersion", "1.21.0"), ("kubernetesVersion", "1.29")], [("istioVersion", "1.22.0"), ("kubernetesVersion", "1.29"), ("calicoVersion", "v3.29.0")] },
        { "kubernetes-minimum", [("kubernetesVersion", "1.28")], [("kubernetesVersion", "1.34")] },
        { "native-sidecars-istio", [("istioVersion", "1.26.1"), ("kubernetesVersion", "1.33"), ("istioNativeSidecars", "false")], [("istioVersion", "1.27.0"), ("kubernetesVersion", "1.33"), ("istioNativeSidecars", "false")] },
        { "native-sidecars-kubelet", [("kubernetesVersion", "1.32"), ("istioNativeSidecars", "false")], [("kubernetesVersion", "1.33"), ("istioVersion", "1.29.0"), ("istioNativeSidecars", "false")] },
        { "istio-kubernetes-pairing", [("istioVersion", "1.28.1"), ("kubernetesVersion", "1.35")], [("istioVersion", "1.28.1"), ("kubernetesVersion", "1.34")] },
        { "enterprise-minimum", [("mode", "enterprise"), ("calicoVersion", "v3.19.9")], [("mode", "enterprise"), ("calicoVersion", "v3.20.0")] },
        { "policy-sync-env-needs-manifest", [("policySyncMethod", "calicoNodeEnv")], [("policySyncMethod", "calicoNodeEnv"), ("calicoInstallType", "manifest")] },
        { "calico-unknown-line", [("calicoVersion", "v3.34.0")], [("calicoVersion", "v3.34.0"), ("guardrailOverrides", "[\"untested-versions\"]")] },
        { "istio-unknown-minor", [("istioVersion", "1.32.0")], [("istioVersion", "1.32.0"), ("guardrailOverrides", "[\"untested-versions\"]")] },
        { "istio-refused-patch", [("istioVersion", "1.30.1")], [("istioVersion", "1.30.2")] },
        { "istio-end-of-life", [("environment", "production"), ("istioVersion", "1.29.5")], [("environment", "production"), ("istioVersion", "1.29.5"), ("guardrailOverrides", "[\"end-of-life\"]")] },
        { "kubernetes-end-of-life", [("environment", "production"), ("kubernetesVersion", "1.33")], [("environment", "production"), ("kubernetesVersion", "1.33"), ("guardrailOverrides", "[\"end-of-life\"]")] },
        { "policy-sync-prefix-operator", [("policySyncPathPrefix", "/var/run/alp")], [("policySyncPathPrefix", "/var/run/alp"), ("calicoInstallType", "manifest")] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_rule_rejects_its_violation_and_accepts_the_nearest_valid_setting(string rule, (string, string)[] bad, (string, string)[] good)
    {
        var rejected = StackValues.Load(bad);
        Assert.Contains(rejected.Errors, e => e.Message.Contains($"[rule {rule}]", StringComparison.Ordinal));

        var accepted = StackValues.Load(good);
        Assert.DoesNotContain(accepted.Errors, e => e.Message.Contains($"[rule {rule}]", StringComparison.Ordinal));
    }

    [Fact]
    public void Calico_v3_32_0_is_refused_with_its_api_server_naming_the_upstream_issue_and_the_fix()
    {
        var result = StackValues.Load(("calicoVersion", "v3.32.0"));
        var error = Assert.Single(result.Errors);
        Assert.Equal("calico-alp:calicoVersion", error.Key);
        Assert.Contains("projectcalico/calico#12841", error.Message, StringComparison.Ordinal);
        Assert.Contains("v3.32.1", error.Message, StringComparison.Ordinal);
        Assert.True(StackValues.Load(("calicoVersion", "v3.32.0"), ("calicoApiGroup", "crd.projectcalico.org/v1")).Ok);
    }

    [Fact]
    public void Every_rule_in_the_matrix_has_a_test()
    {
        var tested = Rules.Select(row => (string)row[0]).ToHashSet();
        Assert.Equal(CompatibilityRules.All.Select(r => r.Id).Order(), tested.Order());
    }

    [Theory]
    [InlineData("v3.29.0", true)]
    [InlineData("v3.29.7", true)]
    [InlineData("v3.30.0", false)]
    [InlineData("v3.31.7", false)]
    [InlineData("v3.32.0", false)]
    [InlineData("v3.32.1", true)]
    [InlineData("v3.28.9", false)]
    public void Calico_release_verdicts_follow_the_matrix(string version, bool allowed)
    {
        var kube = version.StartsWith("v3.29", StringComparison.Ordinal) ? "1.30" : "1.34";
        var istio = version.StartsWith("v3.29", StringComparison.Ordinal) ? "1.28.1" : "1.30.3";
        var result = StackValues.Load(("calicoVersion", version), ("kubernetesVersion", kube), ("istioVersion", istio));
        Assert.Equal(allowed, result.Ok);
    }

    [Fact]
    public void Broken_calico_releases_are_allowed_in_enterprise_mode_where_the_oss_bug_does_not_apply()
    {
        Assert.True(StackValues.Load(("mode", "enterprise"), ("calicoVersion", "v3.30.2")).Ok);
    }

    [Fact]
    public void A_fallback_release_loads_with_a_warning()
    {
        var result = StackValues.Load(("calicoVersion", "v3.29.3"), ("kubernetesVersion", "1.30"), ("istioVersion", "1.28.1"));
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Contains(result.Settings!.Warnings, w => w.Contains("fallback", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("v3.29.3", "standalone", "quay.io/calico/dikastes", 999)]
    [InlineData("v3.32.3", "standalone", "quay.io/calico/dikastes", 999)]
    [InlineData("v3.33.0", "combined", "quay.io/calico/calico", 10001)]
    [InlineData("v3.33.1", "combined", "quay.io/calico/calico", 10001)]
    [InlineData("v3.34.0", "combined", "quay.io/calico/calico", 10001)]
    public void Each_calico_line_names_how_its_dikastes_runs(string version, string runtime, string repository, long uid)
    {
        var dikastes = CompatibilityMatrix.DikastesFor(SemVersion.Parse(version));
        Assert.Equal(runtime, dikastes.Name);
        Assert.Equal(repository, dikastes.Repository);
        Assert.Equal(uid, dikastes.Uid);
    }

    [Fact]
    public void A_calico_minor_newer_than_the_matrix_is_refused_naming_the_newest_known_line_and_the_override()
    {
        var error = Assert.Single(StackValues.Load(("calicoVersion", "v3.34.0")).Errors);
        Assert.Equal("calico-alp:calicoVersion", error.Key);
        Assert.Contains("newest line this calico-alp has read in source (v3.33)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'untested-versions'", error.Message, StringComparison.Ordinal);

        var overridden = StackValues.Load(("calicoVersion", "v3.34.0"), ("guardrailOverrides", "[\"untested-versions\"]"));
        Assert.True(overridden.Ok, string.Join("\n", overridden.Errors));
        Assert.Contains(overridden.Settings!.Warnings, w => w.StartsWith("calicoVersion: v3.34.0 is untested", StringComparison.Ordinal));
    }

    [Fact]
    public void An_istio_minor_newer_than_the_matrix_is_refused_naming_the_newest_known_minor()
    {
        var error = Assert.Single(StackValues.Load(("istioVersion", "1.32.0")).Errors);
        Assert.Equal("calico-alp:istioVersion", error.Key);
        Assert.Contains("(1.31)", error.Message, StringComparison.Ordinal);
        Assert.Contains("istio/istio#18107", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.30.0")]
    [InlineData("1.30.1")]
    public void Istio_patches_that_reject_older_sidecars_are_refused(string version)
    {
        var error = Assert.Single(StackValues.Load(("istioVersion", version)).Errors);
        Assert.Contains("istio/istio#60486", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Past_end_of_life_warns_outside_production_and_is_refused_in_production_unless_overridden()
    {
        var day = new DateOnly(2026, 12, 5);
        (string, string)[] old = [("istioVersion", "1.28.1"), ("kubernetesVersion", "1.34")];
        var dev = StackValues.LoadOn(day, old);
        Assert.True(dev.Ok, string.Join("\n", dev.Errors));
        Assert.Contains(dev.Settings!.Warnings, w => w == "istioVersion: Istio 1.28 reached end of life 2026-07-01; move to Istio 1.31 (refused in production)");
        Assert.Contains(dev.Settings.Warnings, w => w == "kubernetesVersion: Kubernetes 1.34 reached end of life 2026-10-27; upgrade the nodes (refused in production)");

        var prod = StackValues.LoadOn(day, [("environment", "production"), .. old]);
        Assert.Contains(prod.Errors, e => e.Key == "calico-alp:istioVersion" && e.Message.Contains("[rule istio-end-of-life]", StringComparison.Ordinal));
        Assert.Contains(prod.Errors, e => e.Key == "calico-alp:kubernetesVersion" && e.Message.Contains("[rule kubernetes-end-of-life]", StringComparison.Ordinal));

        // The day before Kubernetes 1.34's end of life, production only trips on Istio 1.28.
        var earlier = StackValues.LoadOn(new DateOnly(2026, 10, 27), [("environment", "production"), .. old]);
        Assert.DoesNotContain(earlier.Errors, e => e.Message.Contains("[rule kubernetes-end-of-life]", StringComparison.Ordinal));
        Assert.Contains(earlier.Errors, e => e.Message.Contains("[rule istio-end-of-life]", StringComparison.Ordinal));
    }

    [Fact]
    public void The_pinned_versions_are_not_past_their_end_of_life_today()
    {
        // Fails the day a pin expires: the signal to move it (renovate.json tracks each one).
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var input = new CompatibilityInput(AlpMode.Istio, SemVersion.Parse("v3.33.1"), SemVersion.Parse("1.31.0"), SemVersion.Parse("1.35"), true,
            CalicoInstallType.Operator, PolicySyncMethod.FelixConfiguration, Today: today);
        Assert.Null(input.IstioPastEndOfLife());
        Assert.Null(input.KubernetesPastEndOfLife());
    }

    [Theory]
    [InlineData("v3.32.1", true)]
    [InlineData("v3.32.2", true)]
    [InlineData("v3.32.3", false)]
    [InlineData("v3.33.1", false)]
    public void Calico_v3_32_patches_without_the_grpc_fixes_warn(string version, bool warns)
    {
        var result = StackValues.Load(("calicoVersion", version));
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(warns, result.Settings!.Warnings.Any(w => w.Contains("gRPC security updates", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("v3.22.4", false)]
    [InlineData("v3.23.1", true)]
    public void Calico_enterprise_from_3_23_says_envoy_based_alp_is_deprecated(string version, bool warns)
    {
        var result = StackValues.Load(("mode", "enterprise"), ("calicoVersion", version));
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(warns, result.Settings!.Warnings.Any(w => w.Contains("tigera/docs#2527", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_policy_sync_prefix_other_than_the_operators_is_refused_for_operator_installs()
    {
        var error = Assert.Single(StackValues.Load(("policySyncPathPrefix", "/var/run/alp")).Errors);
        Assert.Equal("calico-alp:policySyncPathPrefix", error.Key);
        Assert.Contains("/var/run/nodeagent", error.Message, StringComparison.Ordinal);
        var manifest = StackValues.Load(("policySyncPathPrefix", "/var/run/alp"), ("calicoInstallType", "manifest"));
        Assert.True(manifest.Ok, string.Join("\n", manifest.Errors));
        Assert.Contains(manifest.Settings!.Warnings, w => w.StartsWith("policySyncPathPrefix:", StringComparison.Ordinal));
    }
}
