using CalicoAlp.Stacks.Compatibility;

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
}
