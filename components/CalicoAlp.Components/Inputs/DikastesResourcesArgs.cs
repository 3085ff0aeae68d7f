using System.ComponentModel;
using Pulumi;

namespace CalicoAlp.Components.Inputs;

[Description("The dikastesResources key: the Dikastes container's requests and limits.")]
public sealed class DikastesResourcesArgs : ResourceArgs
{
    [Input("requests")]
    [Description("Resource requests.")]
    public QuantitiesArgs? Requests { get; init; }

    [Input("limits")]
    [Description("Resource limits.")]
    public QuantitiesArgs? Limits { get; init; }
}

[Description("CPU and memory as Kubernetes quantities.")]
public sealed class QuantitiesArgs : ResourceArgs
{
    [Input("cpu")]
    [Description("A CPU quantity, e.g. 100m.")]
    public string? Cpu { get; init; }

    [Input("memory")]
    [Description("A memory quantity, e.g. 64Mi.")]
    public string? Memory { get; init; }
}
