using System.Collections.Immutable;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.MeshNamespaces;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.ApplicationLayer;

public sealed record ApplicationLayerSpec(
    string SidecarInjection,
    string? ApplicationLayerPolicy = null,
    string? WebApplicationFirewall = null,
    LogCollectionSpec? LogCollection = null,
    EnvoySpec? Envoy = null);

public sealed record LogCollectionSpec(string? CollectLogs, int? LogIntervalSeconds, int? LogRequestsPerInterval);

public sealed record EnvoySpec(int? XffNumTrustedHops, bool? UseRemoteAddress);

/// <summary>
/// Calico Enterprise mode (docs/domain.md, "Calico Enterprise"): the ApplicationLayer tigera-secure with sidecar
/// injection, and workloads opted in by pod-template label and annotations. No Istio object.
/// </summary>
public static class ApplicationLayerRenderer
{
    public const string Name = "tigera-secure";
    public const string SidecarLabel = "applicationlayer.projectcalico.org/sidecar";
    public const string PolicyAnnotation = "applicationlayer.projectcalico.org/policy";
    public const string WafAnnotation = "applicationlayer.projectcalico.org/waf";
    public const string LoggingAnnotation = "applicationlayer.projectcalico.org/logging";

    public static string Render(PlanContext ctx)
    {
        var layer = ctx.Settings.ApplicationLayer;
        var spec = new ApplicationLayerSpec(
            "Enabled",
            Toggle(layer.PerHostPolicy),
            Toggle(layer.WebApplicationFirewall),
            layer.LogCollection is { } logs ? new LogCollectionSpec(Toggle(logs.CollectLogs), logs.LogIntervalSeconds, logs.LogRequestsPerInterval) : null,
            layer.Envoy is { } envoy ? new EnvoySpec(envoy.XffNumTrustedHops, envoy.UseRemoteAddress) : null);
        return ctx.Add(Concern.ApplicationLayer, Ownership.Owned,
            new KubeObject<ApplicationLayerSpec>("operator.tigera.io/v1", "ApplicationLayer", new ObjectMeta(Name), spec),
            [], new ResourcePolicy(ctx.Settings.Protect, false, [])).Id;
    }

    /// <summary>The opt-in patches; they restart the Deployments, so they come after the policies that must already allow traffic.</summary>
    public static void RenderWorkloads(PlanContext ctx, Prerequisites prerequisites, NamespaceHandles namespaces)
    {
        foreach (var ns in ctx.Settings.Namespaces)
        {
            var annotations = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            annotations[PolicyAnnotation] = "Enabled";
            if (ns.Waf)
            {
                annotations[WafAnnotation] = "Enabled";
            }

            if (ns.Logging)
            {
                annotations[LoggingAnnotation] = "Enabled";
            }

            foreach (var workload in ns.Workloads)
            {
                var template = new TemplateMeta(Labels: Maps.Of((SidecarLabel, "true")), Annotations: annotations.ToImmutable());
                MeshNamespacesRenderer.AddWorkload(ctx, Concern.ApplicationLayer, ns.Name, workload, template, prerequisites,
                    new WorkloadNamespaceItems(namespaces, NamespaceHandles.None, NamespaceHandles.None));
            }
        }
    }

    private static string? Toggle(bool? value) => value switch
    {
        true => "Enabled",
        false => "Disabled",
        null => null,
    };
}
