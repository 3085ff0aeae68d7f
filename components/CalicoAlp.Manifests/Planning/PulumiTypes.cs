namespace CalicoAlp.Manifests.Planning;

/// <summary>
/// The Pulumi type token each Plan item registers as. The Pulumi layer's classes produce exactly
/// these; its mock tests compare them with the Plan.
/// </summary>
public static class PulumiTypes
{
    public const string HelmChart = "kubernetes:helm.sh/v4:Chart";
    public const string KubernetesProvider = "pulumi:providers:kubernetes";

    public static string For(PlanItem item) => item.ItemKind switch
    {
        ItemKind.HelmRelease => HelmChart,
        ItemKind.ImageBuild => "docker-build:index:Image",
        _ => $"kubernetes:{(item.ApiVersion.Contains('/', StringComparison.Ordinal) ? item.ApiVersion : "core/" + item.ApiVersion)}:{item.Kind}{(item.Ownership == Ownership.Patch ? "Patch" : string.Empty)}",
    };
}
