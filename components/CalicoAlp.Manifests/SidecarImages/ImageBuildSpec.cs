using System.Collections.Immutable;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.Manifests.SidecarImages;

/// <summary>
/// One sidecar image to build and push. Paths are relative to the repository root.
/// <see cref="Placeholder"/> stands for the pushed image until the build reports its digest.
/// <see cref="Builder"/> is the buildx builder (docker-container, kubernetes or remote driver).
/// </summary>
public sealed record ImageBuildSpec(
    string Name,
    string Context,
    string Dockerfile,
    ImmutableSortedDictionary<string, string> BuildArgs,
    ImmutableArray<string> Platforms,
    ImmutableArray<string> Tags,
    string RegistryAddress,
    string CacheRef,
    string Builder,
    bool Push,
    bool BuildOnPreview,
    string Placeholder) : IPlanContent;
