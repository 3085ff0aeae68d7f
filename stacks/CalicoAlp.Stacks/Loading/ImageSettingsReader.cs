using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Stacks.Loading;

/// <summary>The images section: where the sidecar and istiod images come from, their digests, and the build's builder and login.</summary>
internal static class ImageSettingsReader
{
    /// <summary>A registry on a domain reserved for documentation (RFC 2606): nothing real can be pulled from it.</summary>
    public static bool IsPlaceholderRegistry(string registry)
    {
        var host = registry.Split('/')[0].Split(':')[0];
        return host is "example.com" or "example.net" or "example.org"
            || host.EndsWith(".example.com", StringComparison.Ordinal) || host.EndsWith(".example.net", StringComparison.Ordinal)
            || host.EndsWith(".example.org", StringComparison.Ordinal) || host.EndsWith(".example", StringComparison.Ordinal)
            || host.EndsWith(".invalid", StringComparison.Ordinal);
    }

    /// <summary>
    /// A digest is bound to the tag it was built from, and the tag to the version the stack
    /// declares: moving the version with the old digests would run the old images under the
    /// new charts, which Istio does not promise to work across minors (istio/istio#18107).
    /// </summary>
    /// <param name="exact">Whether the tag must be the bare version (upstream images) or may carry a -suffix (ours).</param>
    /// <returns>The value, or null once the error is reported.</returns>
    public static string? TaggedDigest(ConfigReader reader, string key, string path, string value, string version, bool exact)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        var tag = at > 0 ? value[..at] : null;
        var digest = at >= 0 ? value[(at + 1)..] : value;
        var shown = ConfigReader.Abbreviate(value);
        var expected = exact ? version : $"{version} or {version}-<suffix>";
        if (!Names.IsDigest(digest))
        {
            reader.Fail(key, path, $"'{shown}' is not a tagged digest; expected <tag>@sha256: followed by 64 lower-case hex digits, with the tag {expected}");
            return null;
        }

        if (tag is null)
        {
            reader.Fail(key, path, $"'{shown}' names no tag, so nothing ties it to the version it was built from; write it as {version}@{digest[..Math.Min(digest.Length, 15)]}…");
            return null;
        }

        if (!(tag == version || (!exact && tag.StartsWith(version + "-", StringComparison.Ordinal) && Names.IsTag(tag))))
        {
            reader.Fail(key, path, $"'{shown}' is tagged '{ConfigReader.Abbreviate(tag)}', but the stack declares {version}: the digest belongs to another release; expected the tag {expected} with that release's digest");
            return null;
        }

        return value;
    }

    /// <param name="calicoVersion">The Calico release as written (v3.33.1); Dikastes tags carry it.</param>
    /// <param name="istioVersion">The Istio release; istio-proxy and istiod tags carry it.</param>
    /// <param name="byRevision">With istioRevisions each revision pins its own Istio images, so none is asked for here.</param>
    public static ImageSettings Read(ConfigReader reader, RawConfig raw, AlpMode mode, string calicoVersion, string istioVersion, bool byRevision)
    {
        var source = reader.Enum(ConfigKeys.ImageSource, ConfigSpellings.ImageSources);
        var registry = reader.OptionalString(ConfigKeys.ImageRegistry);

        string? Digest(string key, string version, bool exact) =>
            reader.OptionalString(key) is { } value ? TaggedDigest(reader, key, ConfigReader.PathOf(key), value, version, exact) : null;

        // Prebuilt images are ours: build tags them <version>-<revision>. Upstream and base images carry the bare release tag.
        var ours = source == ImageSource.Prebuilt;
        var dikastesDigest = Digest(ConfigKeys.DikastesImageDigest, calicoVersion, exact: !ours);
        var proxyDigest = Digest(ConfigKeys.ProxyImageDigest, istioVersion, exact: !ours);
        var dikastesBase = Digest(ConfigKeys.DikastesBaseDigest, calicoVersion, exact: true);
        var proxyBase = Digest(ConfigKeys.ProxyBaseDigest, istioVersion, exact: true);
        var istiodDigest = Digest(ConfigKeys.IstiodImageDigest, istioVersion, exact: !ours);
        var builder = reader.OptionalString(ConfigKeys.ImageBuilder);
        if (registry is not null && !Names.IsRegistry(registry))
        {
            reader.Fail(ConfigKeys.ImageRegistry, ConfigReader.PathOf(ConfigKeys.ImageRegistry), $"'{registry}' is not a registry path; expected host[:port]/path in lower case, e.g. registry.example.com/platform");
        }

        if (source == ImageSource.Prebuilt)
        {
            if (registry is null)
            {
                reader.Error(ConfigReader.PathOf(ConfigKeys.ImageRegistry), "missing; imageSource prebuilt needs the registry holding the images");
            }

            if (dikastesDigest is null && !reader.Failed(ConfigKeys.DikastesImageDigest))
            {
                reader.Error(ConfigReader.PathOf(ConfigKeys.DikastesImageDigest), $"missing; imageSource prebuilt needs the Dikastes image digest ({calicoVersion}-<revision>@sha256:...)");
            }

            if (proxyDigest is null && !reader.Failed(ConfigKeys.ProxyImageDigest) && mode == AlpMode.Istio && !byRevision)
            {
                reader.Error(ConfigReader.PathOf(ConfigKeys.ProxyImageDigest), $"missing; imageSource prebuilt needs the istio-proxy image digest ({istioVersion}-<revision>@sha256:...)");
            }
        }
        else if (source == ImageSource.Build)
        {
            if (registry is null)
            {
                reader.Error(ConfigReader.PathOf(ConfigKeys.ImageRegistry), "missing; imageSource build needs the registry the images are pushed to");
            }

            foreach (var (key, value) in new[] { (ConfigKeys.DikastesImageDigest, dikastesDigest), (ConfigKeys.ProxyImageDigest, proxyDigest) })
            {
                if (value is not null)
                {
                    reader.Error(ConfigReader.PathOf(key),
                        $"'{ConfigReader.Abbreviate(value)}' is not used with imageSource build, which takes the digest from the build; pin the upstream base with {key.Replace("Image", "Base", StringComparison.Ordinal)}, or use imageSource prebuilt");
                }
            }

            if (mode == AlpMode.Enterprise)
            {
                reader.Error(ConfigReader.PathOf(ConfigKeys.ImageSource), "'build' is not allowed in enterprise mode, where the operator deploys its own sidecar images");
            }

            // Two platforms and a registry cache need a BuildKit builder; the Docker Build provider
            // refuses buildx's legacy docker driver, which is what the builder named default uses.
            if (builder is null)
            {
                reader.Error(ConfigReader.PathOf(ConfigKeys.ImageBuilder),
                    "missing; imageSource build pushes linux/amd64 and linux/arm64 with a registry cache, which buildx's default docker driver cannot build; create a builder with 'docker buildx create --name calico-alp --driver docker-container' and set imageBuilder to its name");
            }
            else if (builder == "default")
            {
                reader.Error(ConfigReader.PathOf(ConfigKeys.ImageBuilder),
                    "'default' is buildx's builder on the legacy docker driver, which the Docker Build provider does not support; name a docker-container, kubernetes or remote builder");
            }
            else if (!Names.IsSubdomain(builder))
            {
                reader.Error(ConfigReader.PathOf(ConfigKeys.ImageBuilder), $"'{ConfigReader.Abbreviate(builder)}' is not a builder name; expected lower-case letters, digits, '-' and '.'");
            }
        }
        else if (registry is not null)
        {
            reader.Error(ConfigReader.PathOf(ConfigKeys.ImageRegistry), $"'{registry}' is set but only used with imageSource prebuilt or build; remove it or set imageSource");
        }

        if (source != ImageSource.Build && builder is not null)
        {
            reader.Error(ConfigReader.PathOf(ConfigKeys.ImageBuilder), $"'{ConfigReader.Abbreviate(builder)}' is only used with imageSource build");
        }

        if (source != ImageSource.Build)
        {
            foreach (var (key, value) in new[] { (ConfigKeys.DikastesBaseDigest, dikastesBase), (ConfigKeys.ProxyBaseDigest, proxyBase) })
            {
                if (value is not null)
                {
                    reader.Error(ConfigReader.PathOf(key), $"'{ConfigReader.Abbreviate(value)}' is only used with imageSource build");
                }
            }
        }

        var passwordSet = raw.Values.TryGetValue(ConfigReader.PathOf(ConfigKeys.RegistryPassword), out var password) && password.IsSecret;
        var username = reader.OptionalString(ConfigKeys.RegistryUsername);
        if (passwordSet && username is null)
        {
            reader.Error(ConfigReader.PathOf(ConfigKeys.RegistryUsername), "missing; registryPassword is set, so the registry user name is needed too");
        }

        return new ImageSettings(source, registry, dikastesDigest, proxyDigest, dikastesBase, proxyBase, username,
            passwordSet ? new SecretReference(ConfigKeys.RegistryPassword) : null, istiodDigest, builder);
    }
}
