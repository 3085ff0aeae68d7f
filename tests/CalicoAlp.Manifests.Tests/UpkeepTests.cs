using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

/// <summary>What keeps ALP working as Calico, Istio and Kubernetes move (docs/domain.md, "Versions").</summary>
public sealed class UpkeepTests
{
    private static string S(JsonNode? node) => node!.GetValue<string>();

    public static TheoryData<string> AlpStacks() => TestStacks.Where(s => s.Mode == AlpMode.Istio && s.AlpEnabled);

    [Theory]
    [MemberData(nameof(AlpStacks))]
    public void The_dikastes_service_entry_and_destination_rule_are_exported_to_every_namespace(string stack)
    {
        // A mesh with defaultServiceExportTo or defaultDestinationRuleExportTo ["."] would otherwise
        // keep both in istio-system, and every enrolled pod's Envoy would lack the Dikastes cluster.
        var plan = TestStacks.Plan(stack);
        foreach (var id in new[] { "serviceentry.istio-system.dikastes", "destinationrule.istio-system.dikastes-mtls" })
        {
            Assert.Equal(["*"], plan.Item(id).Body()["spec"]!["exportTo"]!.AsArray().Select(S));
        }
    }

    private static long? Number(JsonNode? node) => node is null ? null : long.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The condition of the istiod chart's templates/poddisruptionbudget.yaml, over the values and the chart's defaults.</summary>
    private static bool ChartRendersDisruptionBudget(JsonObject values)
    {
        var enabled = values["global"]?["defaultPodDisruptionBudget"]?["enabled"]?.GetValue<bool>() ?? true;
        var autoscale = values["autoscaleEnabled"]?.GetValue<bool>() ?? true;
        var min = Number(values["autoscaleMin"]) ?? 1;
        var replicas = Number(values["replicaCount"]) ?? 1;
        return enabled && ((autoscale && min > 1) || (!autoscale && replicas > 1));
    }

    [Fact]
    public void Production_runs_two_istiods_under_a_disruption_budget_and_non_production_keeps_the_chart_defaults()
    {
        var prod = TestStacks.Plan("prod").Items.Single(i => i.Name == "istiod").HelmRelease().Values;
        Assert.True(ChartRendersDisruptionBudget(prod));
        Assert.Equal(2, Number(prod["replicaCount"]));
        Assert.Equal(2, Number(prod["autoscaleMin"]));
        // Whether or not someone turns the HPA off, two replicas remain.
        Assert.True(ChartRendersDisruptionBudget(prod.DeepClone().AsObject().Also(v => v["autoscaleEnabled"] = false)));

        var dev = TestStacks.Plan("dev").Items.Single(i => i.Name == "istiod").HelmRelease().Values;
        Assert.False(ChartRendersDisruptionBudget(dev));
        Assert.Null(dev["replicaCount"]);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_committed_stacks_pin_supported_releases(string stack)
    {
        var settings = TestStacks.Settings(stack);
        Assert.True(settings.Cluster.KubernetesVersion >= new SemVersion(1, 35, 0), $"{stack}: Kubernetes {settings.Cluster.KubernetesVersion.MinorText}");
        Assert.True(settings.Calico.Version >= CompatibilityMatrix.CalicoGrpcFixed, $"{stack}: Calico {settings.Calico.VersionText}");
        Assert.True(settings.Istio.Version >= new SemVersion(1, 31, 0) || settings.Istio.Version >= new SemVersion(1, 30, 5), $"{stack}: Istio {settings.Istio.Version}");
        Assert.True(CompatibilityMatrix.Recommendable(settings.Calico.Version));
        Assert.NotNull(CompatibilityMatrix.IstioRelease(settings.Istio.Version));
    }

    [Fact]
    public void The_kind_node_image_and_kubectl_follow_the_pinned_kubernetes_minor()
    {
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "scripts", "try-on-kind.sh"));
        var minor = TestStacks.Settings("dev").Cluster.KubernetesVersion.MinorText;
        Assert.Contains($"NODE_IMAGE=kindest/node:v{minor}.", script, StringComparison.Ordinal);
        Assert.Contains($"KUBECTL_VERSION=v{minor}.", script, StringComparison.Ordinal);
        Assert.Contains($"CALICO_VERSION={TestStacks.Settings("dev").Calico.VersionText}\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_enterprise_example_targets_a_supported_release_and_is_told_envoy_alp_is_deprecated()
    {
        var settings = TestStacks.Settings("enterprise-example");
        Assert.True(settings.Calico.Version >= CompatibilityMatrix.EnterpriseAlpDeprecated);
        Assert.Contains(settings.Warnings, w => w.Contains("tigera/docs#2527", StringComparison.Ordinal));
        Assert.Null(new CompatibilityInput(AlpMode.Enterprise, settings.Calico.Version, settings.Istio.Version, settings.Cluster.KubernetesVersion, true,
            CalicoInstallType.Operator, PolicySyncMethod.FelixConfiguration, Today: DateOnly.FromDateTime(DateTime.UtcNow)).KubernetesPastEndOfLife());
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject value, Action<JsonObject> change)
    {
        change(value);
        return value;
    }
}
