using System.ComponentModel;
using Pulumi;

namespace CalicoAlp.Components.Inputs;

[Description("The dnsEgress key: where pods of egress-restricted namespaces may send DNS.")]
public sealed class DnsEgressArgs : ResourceArgs
{
    [Input("selector")]
    [Description("Calico selector of the DNS pods; default k8s-app == 'kube-dns'. An empty selector allows only the nets.")]
    public string? Selector { get; init; }

    [Input("namespace")]
    [Description("Namespace of the DNS pods; default kube-system.")]
    public string? Namespace { get; init; }

    [Input("nets")]
    [Description("CIDRs DNS may also be sent to, e.g. 169.254.20.10/32 for NodeLocal DNSCache.")]
    public List<string>? Nets { get; init; }

    [Input("ports")]
    [Description("DNS ports; default [53].")]
    public List<int>? Ports { get; init; }
}
