using System.Collections.Immutable;
using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Stacks.Validation;

/// <summary>Runs the compatibility rules over the versions read, once every version parsed.</summary>
internal static class CompatibilityCheck
{
    public static void Check(ConfigReader reader, AlpMode mode, CalicoSettings calico, IstioSettings istio, ClusterSettings cluster,
        DeploymentEnvironment environment, ImmutableArray<Guardrail> overrides, DateOnly today, List<string> warnings)
    {
        string[] versionKeys = [ConfigKeys.CalicoVersion, ConfigKeys.IstioVersion, ConfigKeys.KubernetesVersion];
        if (versionKeys.Any(reader.Failed))
        {
            return;
        }

        var input = new CompatibilityInput(mode, calico.Version, istio.Version, cluster.KubernetesVersion, istio.NativeSidecars,
            calico.InstallType, calico.PolicySyncMethod, calico.ApiGroup, environment, overrides, today, calico.PolicySyncPathPrefix);
        foreach (var rule in CompatibilityRules.All)
        {
            if (rule.Violation(input) is { } message)
            {
                reader.Error(ConfigReader.PathOf(rule.Key), $"{message} [rule {rule.Id}]");
            }
        }

        warnings.AddRange(CompatibilityRules.Warnings(input));
    }
}
