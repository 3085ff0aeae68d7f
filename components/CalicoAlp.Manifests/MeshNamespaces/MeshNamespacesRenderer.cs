using System.Collections.Immutable;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.MeshNamespaces;

/// <summary>
/// Namespaces (created and owned, or labelled by patch) and workload enrolment: pod-template
/// labels and annotations on existing Deployments, carrying the injection hash so pods roll when
/// injection changes.
/// Per-workload enrolment opts the pod in by its own label (sidecar.istio.io/inject, or
/// istio.io/rev), not by a namespace label: deleting the one patch then removes the opt-in and
/// rolls the pods in the same step, so on destroy they come back without any sidecar while
/// istiod still runs, and no other pod of the namespace is ever injected.
/// </summary>
public static class MeshNamespacesRenderer
{
    /// <returns>Handles to the Namespace items planned: created ones, and existing ones that get labels.</returns>
    public static NamespaceHandles RenderNamespaces(PlanContext ctx, IEnumerable<string> dependencies, Func<MeshNamespace, ImmutableSortedDictionary<string, string>> namespaceWideLabels)
    {
        var deps = dependencies.ToArray();
        var planned = new List<(string, PlanItem)>();
        foreach (var ns in ctx.Settings.Namespaces)
        {
            var labels = ns.Enrolment == Enrolment.Namespace ? namespaceWideLabels(ns) : ImmutableSortedDictionary<string, string>.Empty;
            var meta = new ObjectMeta(ns.Name, Labels: labels.OrNull());
            if (ns.Ownership == NamespaceOwnership.Create)
            {
                planned.Add((ns.Name, ctx.Add(Concern.MeshNamespaces, Ownership.Owned, new KubeObject<NoSpec>("v1", "Namespace", meta), deps)));
            }
            else if (!labels.IsEmpty)
            {
                planned.Add((ns.Name, ctx.Add(Concern.MeshNamespaces, Ownership.Patch, new KubeObject<NoSpec>("v1", "Namespace", meta), deps)));
            }
        }

        return NamespaceHandles.From(planned);
    }

    /// <summary>The namespace label that makes an injector take every pod of <paramref name="ns"/>: its tag's, its revision's, or the default one's.</summary>
    public static ImmutableSortedDictionary<string, string> InjectionLabels(IstioSettings istio, MeshNamespace ns) =>
        Selector(istio, ns.IstioTag) is { } rev ? Maps.Of(("istio.io/rev", rev)) : Maps.Of(("istio-injection", "enabled"));

    /// <summary>The pod label that makes an injector's object-selector webhook inject one workload's pods: its pin, else as its namespace's.</summary>
    public static ImmutableSortedDictionary<string, string> PodInjectionLabels(IstioSettings istio, MeshNamespace ns, string workload) =>
        Selector(istio, ns.IstioTagOf(workload)) is { } rev ? Maps.Of(("istio.io/rev", rev)) : Maps.Of(("sidecar.istio.io/inject", "true"));

    /// <summary>
    /// What istio.io/rev names: the tag (or revision) <paramref name="asked"/> with istioRevisions,
    /// else the one revision. Tag default is asked for by the legacy labels, which it answers as the
    /// revision-less istiod did, so a stack moving onto revisions relabels nothing.
    /// </summary>
    private static string? Selector(IstioSettings istio, string? asked) =>
        !istio.ByRevision ? istio.Revision
        : asked == IstioRevision.DefaultTag ? null
        : asked;

    public static void RenderIstioWorkloads(PlanContext ctx, Prerequisites prerequisites, WorkloadNamespaceItems own)
    {
        var settings = ctx.Settings;
        var nativeAnnotation = CompatibilityMatrix.Forcing(settings.Istio) == NativeSidecarForcing.TopLevelEnvAndPodAnnotation;
        foreach (var ns in settings.Namespaces)
        {
            foreach (var workload in ns.Workloads)
            {
                var annotations = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
                annotations[WellKnown.InjectionHashAnnotation] = ctx.InjectionHashFor(ns, workload);
                if (ns.Enrolment == Enrolment.Workloads && settings.AlpEnabled)
                {
                    annotations[WellKnown.InjectTemplatesAnnotation] = $"sidecar,{WellKnown.DikastesTemplate}";
                }

                if (nativeAnnotation)
                {
                    // Belt and braces with istiod's env: the per-pod annotation beats the global flag.
                    annotations[WellKnown.NativeSidecarAnnotation] = "true";
                }

                var labels = ns.Enrolment == Enrolment.Workloads ? PodInjectionLabels(settings.Istio, ns, workload) : null;
                AddWorkload(ctx, Concern.MeshNamespaces, ns.Name, workload, new TemplateMeta(labels, annotations.ToImmutable()), prerequisites, own);
            }
        }
    }

    /// <summary>One workload's enrolment patch, for the concern that enrols it (MeshNamespaces, or ApplicationLayer in enterprise mode).</summary>
    public static void AddWorkload(PlanContext ctx, Concern concern, string ns, string workload, TemplateMeta template, Prerequisites prerequisites,
        WorkloadNamespaceItems own)
    {
        ctx.Add(concern, Ownership.Patch,
            new KubeObject<WorkloadPatchSpec>("apps/v1", "Deployment", new ObjectMeta(workload, ns),
                new WorkloadPatchSpec(new PodTemplateFragment(template))),
            prerequisites.Items.Concat(own.Of(ns)), concernDependencies: prerequisites.Concerns);
    }
}
