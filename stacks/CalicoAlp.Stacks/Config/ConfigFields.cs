using System.Collections.Immutable;

namespace CalicoAlp.Stacks.Config;

/// <summary>
/// The fields each structured config value accepts, by the shape that holds them. The readers
/// refuse any other field by these lists, and the component's typed args declare exactly these
/// (a test holds the two together).
/// </summary>
public static class ConfigFields
{
    public static ImmutableArray<string> Namespace { get; } = ["egress", "enrolment", "istioPins", "istioTag", "logging", "mtlsMode", "name", "ownership", "waf", "workloads"];

    public static ImmutableArray<string> IstioRevision { get; } = ["name", "version", "istiodImageDigest", "proxyImageDigest"];

    public static ImmutableArray<string> DnsEgress { get; } = ["namespace", "nets", "ports", "selector"];

    public static ImmutableArray<string> DikastesResources { get; } = ["limits", "requests"];

    public static ImmutableArray<string> Quantities { get; } = ["cpu", "memory"];

    public static ImmutableArray<string> HttpPolicy { get; } = ["egress", "ingress", "kind", "name", "namespace", "namespaceSelector", "order", "selector"];

    public static ImmutableArray<string> HttpRule { get; } = ["action", "destination", "http", "protocol", "source"];

    public static ImmutableArray<string> RuleEndpoint { get; } = ["namespaceSelector", "ports", "selector", "serviceAccounts"];

    public static ImmutableArray<string> ServiceAccounts { get; } = ["names", "selector"];

    public static ImmutableArray<string> HttpMatch { get; } = ["headers", "methods", "paths"];

    public static ImmutableArray<string> HttpPath { get; } = ["exact", "prefix"];

    public static ImmutableArray<string> HttpHeader { get; } = ["header", "operator", "values"];

    public static ImmutableArray<string> ApplicationLayer { get; } = [ConfigKeys.ApplicationLayerPolicy, "envoy", "logCollection", "webApplicationFirewall"];

    public static ImmutableArray<string> LogCollection { get; } = ["collectLogs", "logIntervalSeconds", "logRequestsPerInterval"];

    public static ImmutableArray<string> Envoy { get; } = ["useRemoteAddress", "xffNumTrustedHops"];
}
