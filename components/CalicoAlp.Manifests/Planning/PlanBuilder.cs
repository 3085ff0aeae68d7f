using System.Collections.Immutable;
using CalicoAlp.Manifests.ApplicationLayer;
using CalicoAlp.Manifests.AuthorizationServices;
using CalicoAlp.Manifests.FelixPolicySync;
using CalicoAlp.Manifests.HttpPolicies;
using CalicoAlp.Manifests.InjectorTemplates;
using CalicoAlp.Manifests.IstioControlPlane;
using CalicoAlp.Manifests.IstiodEgressPolicy;
using CalicoAlp.Manifests.MeshNamespaces;
using CalicoAlp.Manifests.SidecarImages;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.Planning;

/// <summary>
/// Builds the Plan from validated settings. The order of the calls is the dependency order:
/// every item names only items planned before it, so destroy runs the list backwards and
/// un-enrols workloads before the authorization wiring and istiod go.
/// </summary>
public static class PlanBuilder
{
    /// <param name="builtImages">
    /// The references the image builds reported, by image name (build mode only). Without them each
    /// build stands as its placeholder; with them the Plan is the one the cluster gets, hash included.
    /// </param>
    public static Plan Build(StackSettings settings, IReadOnlyDictionary<string, string>? builtImages = null)
    {
        var revisions = settings.Mode == AlpMode.Istio ? Revisions(settings, builtImages) : ImmutableSortedDictionary<string, RevisionView>.Empty;
        // With revisions the newest stands for the stack where one hash or one set of templates is asked for (plan.json, the outputs).
        var (images, templates, hash) = revisions.IsEmpty ? Single(settings, builtImages) : revisions[settings.Istio.Revisions[^1].Name].Rendered;
        var ctx = new PlanContext(settings, images, hash, templates) { Revisions = revisions };

        if (settings.Mode == AlpMode.Enterprise)
        {
            var applicationLayer = ApplicationLayerRenderer.Render(ctx);
            var namespaces = MeshNamespacesRenderer.RenderNamespaces(ctx, [], _ => ImmutableSortedDictionary<string, string>.Empty);
            HttpPoliciesRenderer.Render(ctx, namespaces);
            ApplicationLayerRenderer.RenderWorkloads(ctx, new Prerequisites([applicationLayer], ctx.Planned(Concern.HttpPolicies)), namespaces);
        }
        else
        {
            string[] policySync = settings.AlpEnabled ? [FelixPolicySyncRenderer.Render(ctx)] : [];
            var builds = SidecarImagesRenderer.Render(ctx);
            var controlPlane = IstioControlPlaneRenderer.Render(ctx, builds);
            if (settings.AlpEnabled)
            {
                AuthorizationServicesRenderer.Render(ctx, controlPlane);
            }

            var namespaces = MeshNamespacesRenderer.RenderNamespaces(ctx, controlPlane.Injectors, ns => MeshNamespacesRenderer.InjectionLabels(settings.Istio, ns));
            var mtlsOverrides = IstioControlPlaneRenderer.RenderNamespaceOverrides(ctx, controlPlane, namespaces);
            var egressPolicies = IstiodEgressPolicyRenderer.Render(ctx, namespaces);
            // Dikastes denies everything no policy allows: the policies exist before any pod gets it.
            HttpPoliciesRenderer.Render(ctx, namespaces);
            // With revisions, the control plane is waited for as a whole (every istiod and tag): one edge, however many revisions.
            string[] injectors = settings.Istio.ByRevision ? [] : [.. controlPlane.Injectors];
            Concern[] waited = settings.Istio.ByRevision
                ? [Concern.AuthorizationServices, Concern.HttpPolicies, Concern.IstioControlPlane]
                : [Concern.AuthorizationServices, Concern.HttpPolicies];
            MeshNamespacesRenderer.RenderIstioWorkloads(ctx,
                new Prerequisites([.. policySync, .. injectors, controlPlane.MeshPeerAuthentication], ctx.Planned(waited)),
                new WorkloadNamespaceItems(namespaces, egressPolicies, mtlsOverrides));
        }

        // Each planned image build stands as its placeholder until the build reports a digest.
        var built = builtImages is not null
            ? ImmutableSortedDictionary<string, string>.Empty
            : ctx.Items.Where(i => i.ItemKind == ItemKind.ImageBuild)
                .ToImmutableSortedDictionary(i => i.Name, i => SidecarImagesRenderer.PlaceholderFor(i.Name), StringComparer.Ordinal);
        return new Plan(settings, images, hash, templates, [.. ctx.Items], built);
    }

    /// <summary>The images, Dikastes templates and injection hash of one Istio install as <paramref name="settings"/> describe it.</summary>
    private static (ImageRefs Images, ImmutableSortedDictionary<string, string> Templates, string Hash) Single(StackSettings settings, IReadOnlyDictionary<string, string>? builtImages)
    {
        var images = ImageResolver.Resolve(settings, builtImages);
        // With ALP switched off, istiod keeps only its own templates, so the hash changes and pods roll back to a plain sidecar.
        var templates = settings.Mode == AlpMode.Istio && settings.AlpEnabled
            ? DikastesTemplates.Render(settings, images)
            : ImmutableSortedDictionary<string, string>.Empty;
        return (images, templates, InjectionHash.Compute(settings, images, templates));
    }

    /// <summary>Each revision of istioRevisions as the single-revision stack would render it at that revision's Istio.</summary>
    private static ImmutableSortedDictionary<string, RevisionView> Revisions(StackSettings settings, IReadOnlyDictionary<string, string>? builtImages) =>
        settings.Istio.Revisions.ToImmutableSortedDictionary(r => r.Name, r =>
        {
            // The revision's own pins stand where a single install's would.
            var one = settings with { Istio = settings.Istio.As(r), Images = settings.Images with { ProxyDigest = r.ProxyDigest, IstiodDigest = r.IstiodDigest } };
            var (images, templates, hash) = Single(one, builtImages);
            return new RevisionView(r, one.Istio, images, templates, hash);
        }, StringComparer.Ordinal);
}
