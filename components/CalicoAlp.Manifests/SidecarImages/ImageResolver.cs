using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.SidecarImages;

/// <summary>Decides the Dikastes and istio-proxy references the injector uses.</summary>
public static class ImageResolver
{
    public const string UpstreamDikastes = "quay.io/calico/dikastes";
    public const string UpstreamProxy = "docker.io/istio/proxyv2";

    /// <summary>A reserved top-level domain (RFC 2606): a placeholder can never be pulled by mistake.</summary>
    public const string PendingBuildRegistry = "pending-build.calico-alp.invalid";

    public static ImageRefs Resolve(StackSettings settings)
    {
        var images = settings.Images;
        if (images.Source == ImageSource.Build)
        {
            return new ImageRefs(SidecarImagesRenderer.PlaceholderFor(SidecarImagesRenderer.Dikastes), SidecarImagesRenderer.PlaceholderFor(SidecarImagesRenderer.Proxy));
        }

        if (images.Source == ImageSource.Prebuilt)
        {
            return new ImageRefs($"{images.Registry}/dikastes@{images.DikastesDigest}",
                images.ProxyDigest is { } p ? $"{images.Registry}/proxyv2@{p}" : null);
        }

        // The Dikastes tag must equal the calico-node release (alp-domain.md §8).
        var dikastes = $"{UpstreamDikastes}:{settings.Calico.VersionText}" + (images.DikastesDigest is { } d ? $"@{d}" : string.Empty);
        // Without a digest, istiod keeps the chart's own proxy image, which follows the chart version.
        var proxy = images.ProxyDigest is { } digest ? $"{UpstreamProxy}:{settings.Istio.Version}@{digest}" : null;
        return new ImageRefs(dikastes, proxy);
    }
}
