using System.ComponentModel;
using Pulumi;

namespace CalicoAlp.Components.Inputs;

[Description("One Calico (Global)NetworkPolicy with HTTP matches: an item of the httpPolicies key.")]
public sealed class HttpPolicyArgs : ResourceArgs
{
    [Input("name", required: true)]
    [Description("Policy name.")]
    public required string Name { get; init; }

    [Input("kind")]
    [Description("NetworkPolicy (default, namespaced) | GlobalNetworkPolicy.")]
    public PolicyKind? Kind { get; init; }

    [Input("namespace")]
    [Description("The NetworkPolicy's namespace.")]
    public string? Namespace { get; init; }

    [Input("selector")]
    [Description("Calico selector of the endpoints the policy applies to; default all().")]
    public string? Selector { get; init; }

    [Input("order")]
    [Description("Calico policy order.")]
    public double? Order { get; init; }

    [Input("namespaceSelector")]
    [Description("GlobalNetworkPolicy: Calico selector of the namespaces it applies to.")]
    public string? NamespaceSelector { get; init; }

    [Input("ingress")]
    [Description("Ingress rules.")]
    public List<HttpRuleArgs>? Ingress { get; init; }

    [Input("egress")]
    [Description("Egress rules.")]
    public List<HttpRuleArgs>? Egress { get; init; }
}
