using System.ComponentModel;
using Pulumi;

namespace CalicoAlp.Components.Inputs;

[Description("One Calico rule, with the HTTP match that Dikastes enforces.")]
public sealed class HttpRuleArgs : ResourceArgs
{
    [Input("action", required: true)]
    [Description("Allow | Deny | Pass | Log.")]
    public required RuleAction? Action { get; init; }

    [Input("protocol")]
    [Description("Calico protocol, e.g. TCP.")]
    public string? Protocol { get; init; }

    [Input("source")]
    [Description("Where the traffic comes from.")]
    public RuleEndpointArgs? Source { get; init; }

    [Input("destination")]
    [Description("Where the traffic goes.")]
    public RuleEndpointArgs? Destination { get; init; }

    [Input("http")]
    [Description("HTTP methods, paths and headers the request must match.")]
    public HttpMatchArgs? Http { get; init; }
}

[Description("A rule's source or destination.")]
public sealed class RuleEndpointArgs : ResourceArgs
{
    [Input("selector")]
    [Description("Calico selector of the endpoints.")]
    public string? Selector { get; init; }

    [Input("namespaceSelector")]
    [Description("Calico selector of their namespaces.")]
    public string? NamespaceSelector { get; init; }

    [Input("serviceAccounts")]
    [Description("Service accounts of the endpoints.")]
    public ServiceAccountsArgs? ServiceAccounts { get; init; }

    [Input("ports")]
    [Description("Ports.")]
    public List<int>? Ports { get; init; }
}

[Description("Service accounts, by name or by selector.")]
public sealed class ServiceAccountsArgs : ResourceArgs
{
    [Input("names")]
    [Description("Service account names.")]
    public List<string>? Names { get; init; }

    [Input("selector")]
    [Description("Calico selector of service account labels.")]
    public string? Selector { get; init; }
}

[Description("The HTTP part of a rule.")]
public sealed class HttpMatchArgs : ResourceArgs
{
    [Input("methods")]
    [Description("HTTP methods, e.g. GET.")]
    public List<string>? Methods { get; init; }

    [Input("paths")]
    [Description("Paths, each exact or prefix.")]
    public List<HttpPathArgs>? Paths { get; init; }

    [Input("headers")]
    [Description("Header matches.")]
    public List<HttpHeaderArgs>? Headers { get; init; }
}

[Description("One path match: exactly one of exact and prefix.")]
public sealed class HttpPathArgs : ResourceArgs
{
    [Input("exact")]
    [Description("The whole path.")]
    public string? Exact { get; init; }

    [Input("prefix")]
    [Description("A path prefix.")]
    public string? Prefix { get; init; }
}

[Description("One header match.")]
public sealed class HttpHeaderArgs : ResourceArgs
{
    [Input("header", required: true)]
    [Description("Header name.")]
    public required string Header { get; init; }

    [Input("operator", required: true)]
    [Description("Calico header operator, e.g. In or NotIn.")]
    public required string Operator { get; init; }

    [Input("values")]
    [Description("Header values.")]
    public List<string>? Values { get; init; }
}
