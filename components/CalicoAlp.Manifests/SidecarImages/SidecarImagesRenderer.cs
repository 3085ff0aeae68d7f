using System.Collections.Immutable;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.SidecarImages;

/// <summary>With imageSource build: the Dikastes and istio-proxy images built from sidecars/ and pushed.</summary>
public static class SidecarImagesRenderer
{
    public const string Dikastes = "dikastes";
    public const string Proxy = "istio-proxy";

    /// <summary>Both architectures the upstream images ship and clusters commonly run.</summary>
    public static readonly ImmutableArray<string> Platforms = ["linux/amd64", "linux/arm64"];

    public static IReadOnlyList<string> Render(PlanContext ctx)
    {
        var settings = ctx.Settings;
        if (settings.Images.Source != ImageSource.Build)
        {
            return [];
        }

        var registry = settings.Images.Registry!;
        // A base digest is written <release>@sha256:…, its tag already checked against the version.
        var dikastesBase = ImageResolver.UpstreamDikastesPinned(settings, settings.Images.DikastesBaseDigest);
        var proxyBase = settings.Images.ProxyBaseDigest is { } pb ? $"{ImageResolver.UpstreamProxy}:{pb}" : ImageResolver.UpstreamProxyTag(settings);
        return
        [
            Add(ctx, Dikastes, registry, dikastesBase, settings.Calico.VersionText,
                ("DIKASTES_UID", CompatibilityMatrix.DikastesFor(settings.Calico.Version).Uid.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            Add(ctx, Proxy, registry, proxyBase, settings.Istio.Version.ToString()),
        ];
    }

    public static string PlaceholderFor(string image) => ImageResolver.PendingBuildRegistry + "/" + image + "@sha256:" + new string('0', 64);

    private static string Add(PlanContext ctx, string image, string registry, string baseImage, string version, params (string Name, string Value)[] extraArgs)
    {
        var revision = SidecarSources.Revision(image);
        var args = new Dictionary<string, string>
        {
            ["BASE_IMAGE"] = baseImage,
            ["REVISION"] = revision,
            ["SOURCE"] = $"calico-alp/sidecars/{image}",
            ["VERSION"] = version,
        };
        foreach (var (name, value) in extraArgs)
        {
            args[name] = value;
        }

        var spec = new ImageBuildSpec(
            Name: image,
            Context: $"sidecars/{image}",
            Dockerfile: $"sidecars/{image}/Dockerfile",
            BuildArgs: args.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Platforms: Platforms,
            Tags: [$"{ImageResolver.Repository(registry, image)}:{version}-{revision}"],
            RegistryAddress: registry.Split('/')[0],
            CacheRef: $"{ImageResolver.Repository(registry, image)}:buildcache",
            Builder: ctx.Settings.Images.Builder!,
            Push: true,
            // PR previews run without a Docker daemon; the build happens on pulumi up.
            BuildOnPreview: false,
            Placeholder: PlaceholderFor(image));
        return ctx.AddSpec(Concern.SidecarImages, ItemKind.ImageBuild, null, image, spec, [], ResourcePolicy.Default).Id;
    }
}
