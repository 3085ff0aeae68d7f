using System.ComponentModel;
using Pulumi;

namespace CalicoAlp.Components.Inputs;

[Description("One Istio revision: an item of the istioRevisions key.")]
public sealed class IstioRevisionArgs : ResourceArgs
{
    [Input("name", required: true)]
    [Description("Revision name (an RFC 1123 label), e.g. 1-31-0: istiod-<name> and its injector; default is the revision-less istiod.")]
    public required string Name { get; init; }

    [Input("version", required: true)]
    [Description("Istio version of this revision's istiod chart, e.g. 1.31.0.")]
    public required string Version { get; init; }

    [Input("istiodImageDigest")]
    [Description("<tag>@sha256:<64 hex>: this revision's istiod image, its tag this revision's version.")]
    public string? IstiodImageDigest { get; init; }

    [Input("proxyImageDigest")]
    [Description("<tag>@sha256:<64 hex>: this revision's istio-proxy image, its tag this revision's version.")]
    public string? ProxyImageDigest { get; init; }
}
