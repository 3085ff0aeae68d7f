using System.Collections.Immutable;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.MeshNamespaces;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.Manifests.ApplicationLayer;

public sealed record ApplicationLayerSpec(string SidecarInjection);

/// <summary>
/// Calico Enterprise mode (alp-domain.md §9): the ApplicationLayer tigera-secure with sidecar
/// injection, and workloads opted in by pod-template label and annotation. No Istio object.
/// </summary>
public static class ApplicationLayerRenderer
{
    public const string Name = "tigera-secure";
    public const string SidecarLabel = "applicationlayer.projectcalico.org/sidecar";
    public const string PolicyAnnotation = "applicationlayer.projectcalico.org/policy";

    public static void Render(PlanContext ctx)
    {
        var applicationLayer = ctx.Add(Concern.ApplicationLayer, Ownership.Owned,
            new KubeObject<ApplicationLayerSpec>("operator.tigera.io/v1", "ApplicationLayer", new ObjectMeta(Name), new ApplicationLayerSpec("Enabled")),
            [], new ResourcePolicy(ctx.Settings.Protect, false, []));

        MeshNamespacesRenderer.RenderNamespaces(ctx, [], ImmutableSortedDictionary<string, string>.Empty);
        foreach (var ns in ctx.Settings.Namespaces)
        {
            foreach (var workload in ns.Workloads)
            {
                var template = new TemplateMeta(
                    Labels: Maps.Of((SidecarLabel, "true")),
                    Annotations: Maps.Of((PolicyAnnotation, "Enabled")));
                MeshNamespacesRenderer.AddWorkload(ctx, ns.Name, workload, template, [applicationLayer.Id]);
            }
        }
    }
}
