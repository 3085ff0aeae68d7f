using System.ComponentModel;
using Pulumi;

namespace CalicoAlp.Components.Inputs;

[Description("One Istio revision: an item of the istioRevisions key.")]
public sealed class IstioRevisionArgs : ResourceArgs
{
    [Input("name", required: true)]
    [Description("Revision name (an RFC 1123 label other than default), e.g. 1-31-0: istiod-<name> and its injector.")]
    public required string Name { get; init; }

    [Input("version", required: true)]
    [Description("Istio version of this revision's istiod chart, e.g. 1.31.0.")]
    public required string Version { get; init; }
}
