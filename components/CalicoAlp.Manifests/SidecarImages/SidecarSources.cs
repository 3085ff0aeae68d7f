namespace CalicoAlp.Manifests.SidecarImages;

/// <summary>The sidecar Dockerfiles, embedded so the Plan can name their revision without reading the disk.</summary>
public static class SidecarSources
{
    public static string Dockerfile(string image)
    {
        using var stream = typeof(SidecarSources).Assembly.GetManifestResourceStream($"sidecars/{image}/Dockerfile")
            ?? throw new InvalidOperationException($"no embedded Dockerfile for sidecar '{image}'");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A short digest of the Dockerfile: changes exactly when the image's source changes.</summary>
    public static string Revision(string image) =>
        Serialization.Hashing.Sha256Hex(Dockerfile(image), 12);
}
