using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.SidecarImages;

/// <summary>Decides the Dikastes and istio-proxy references the injector uses.</summary>
public static class ImageResolver
{
    /// <summary>Where this Calico line publishes Dikastes (docs/domain.md, "Dikastes per Calico line").</summary>
    public static string UpstreamDikastes(StackSettings settings) => CompatibilityMatrix.DikastesFor(settings.Calico.Version).Repository;
    public const string UpstreamProxy = "docker.io/istio/proxyv2";
    public const string UpstreamIstiod = "docker.io/istio/pilot";

    /// <summary>istiod's repository name in a registry that holds promoted images, beside the sidecars.</summary>
    public const string IstiodRepository = "pilot";

    /// <summary>
    /// The one place a sidecar's repository is named: build pushes there and prebuilt pulls from
    /// there, so promoting dev's digests to prod with imageSource prebuilt finds the same images.
    /// </summary>
    public static string Repository(string registry, string image) => $"{registry}/{image}";

    /// <summary>Dikastes as Calico releases it: tagged with the calico-node release (docs/domain.md, "Dikastes per Calico line").</summary>
    public static string UpstreamDikastesTag(StackSettings settings) => $"{UpstreamDikastes(settings)}:{settings.Calico.VersionText}";

    /// <summary>istio-proxy as Istio releases it: tagged with the chart version.</summary>
    public static string UpstreamProxyTag(StackSettings settings) => $"{UpstreamProxy}:{settings.Istio.Version}";

    /// <summary>Upstream Dikastes by its pinned <c>&lt;release&gt;@sha256:…</c> value (its tag checked against the version), else by its release tag.</summary>
    public static string UpstreamDikastesPinned(StackSettings settings, string? pinned) =>
        pinned is null ? UpstreamDikastesTag(settings) : $"{UpstreamDikastes(settings)}:{pinned}";

    /// <summary>A reserved top-level domain (RFC 2606): a placeholder can never be pulled by mistake.</summary>
    public const string PendingBuildRegistry = "pending-build.calico-alp.invalid";

    /// <param name="built">
    /// With imageSource build: the references the builds reported, by image name; null while they
    /// are not known, and each stands as its placeholder.
    /// </param>
    public static ImageRefs Resolve(StackSettings settings, IReadOnlyDictionary<string, string>? built = null)
    {
        var images = settings.Images;
        if (images.Source == ImageSource.Build)
        {
            return new ImageRefs(Built(SidecarImagesRenderer.Dikastes, built), Built(SidecarImagesRenderer.Proxy, built),
                Istiod(settings, UpstreamIstiod));
        }

        if (built is not null)
        {
            throw new ArgumentException("only a stack with imageSource build has built references", nameof(built));
        }

        if (images.Source == ImageSource.Prebuilt)
        {
            // Each pinned value is <tag>@sha256:…, its tag checked against the declared version.
            return new ImageRefs($"{Repository(images.Registry!, SidecarImagesRenderer.Dikastes)}:{images.DikastesDigest}",
                images.ProxyDigest is { } p ? $"{Repository(images.Registry!, SidecarImagesRenderer.Proxy)}:{p}" : null,
                Istiod(settings, Repository(images.Registry!, IstiodRepository)));
        }

        // The Dikastes tag must equal the calico-node release (docs/domain.md); a pinned value carries that same tag.
        var dikastes = UpstreamDikastesPinned(settings, images.DikastesDigest);
        // Without a digest, istiod keeps the chart's own proxy image, which follows the chart version.
        var proxy = images.ProxyDigest is { } digest ? $"{UpstreamProxy}:{digest}" : null;
        return new ImageRefs(dikastes, proxy, Istiod(settings, UpstreamIstiod));
    }

    private static string Built(string image, IReadOnlyDictionary<string, string>? built) => built is null
        ? SidecarImagesRenderer.PlaceholderFor(image)
        : built.TryGetValue(image, out var reference) ? reference : throw new ArgumentException($"no built reference for image '{image}'", nameof(built));

    private static string? Istiod(StackSettings settings, string repository) =>
        settings.Images.IstiodDigest is { } digest ? $"{repository}:{digest}" : null;
}
