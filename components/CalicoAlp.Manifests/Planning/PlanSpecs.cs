using CalicoAlp.Manifests.IstioControlPlane;
using CalicoAlp.Manifests.SidecarImages;

namespace CalicoAlp.Manifests.Planning;

/// <summary>
/// The typed spec of a Helm release or image build item, so the Pulumi layer reads fields by
/// name in C# (a renamed field does not compile) rather than by string from JSON.
/// </summary>
public static class PlanSpecs
{
    public static HelmReleaseSpec HelmRelease(this PlanItem item) =>
        item.Content as HelmReleaseSpec ?? throw new InvalidOperationException($"{item.Id} is not a Helm release");

    public static ImageBuildSpec ImageBuild(this PlanItem item) =>
        item.Content as ImageBuildSpec ?? throw new InvalidOperationException($"{item.Id} is not an image build");
}
