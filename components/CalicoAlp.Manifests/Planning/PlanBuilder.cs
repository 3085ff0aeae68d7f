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
        var images = ImageResolver.Resolve(settings, builtImages);
        // With ALP switched off, istiod keeps only its own templates, so the hash changes and pods roll back to a plain sidecar.
        var templates = settings.Mode == AlpMode.Istio && settings.AlpEnabled
            ? DikastesTemplates.Render(settings, images)
            : ImmutableSortedDictionary<string, string>.Empty;
        var hash = InjectionHash.Compute(settings, images, templates);
        var ctx = new PlanContext(settings, images, hash, templates);

        if (settings.Mode == AlpMode.Enterprise)
        {
            var applicationLayer = ApplicationLayerRenderer.Render(ctx);
            var namespaces = MeshNamespacesRenderer.RenderNamespaces(ctx, [], ImmutableSortedDictionary<string, string>.Empty);
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

            var namespaces = MeshNamespacesRenderer.RenderNamespaces(ctx, [controlPlane.Istiod], MeshNamespacesRenderer.InjectionLabels(settings.Istio));
            var mtlsOverrides = IstioControlPlaneRenderer.RenderNamespaceOverrides(ctx, controlPlane, namespaces);
            var egressPolicies = IstiodEgressPolicyRenderer.Render(ctx, namespaces);
            // Dikastes denies everything no policy allows: the policies exist before any pod gets it.
            HttpPoliciesRenderer.Render(ctx, namespaces);
            MeshNamespacesRenderer.RenderIstioWorkloads(ctx,
                new Prerequisites([.. policySync, controlPlane.Istiod, controlPlane.MeshPeerAuthentication], ctx.Planned(Concern.AuthorizationServices, Concern.HttpPolicies)),
                new WorkloadNamespaceItems(namespaces, egressPolicies, mtlsOverrides));
        }

        // Each planned image build stands as its placeholder until the build reports a digest.
        var built = builtImages is not null
            ? ImmutableSortedDictionary<string, string>.Empty
            : ctx.Items.Where(i => i.ItemKind == ItemKind.ImageBuild)
                .ToImmutableSortedDictionary(i => i.Name, i => SidecarImagesRenderer.PlaceholderFor(i.Name), StringComparer.Ordinal);
        return new Plan(settings, images, hash, templates, [.. ctx.Items], built);
    }
}
