using System.Collections.Immutable;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Stacks.Loading;

/// <summary>Reads the httpPolicies config key into typed policies; Calico's rules are checked separately.</summary>
internal static class HttpPolicyReader
{
    private static readonly string[] PolicyFields = ["egress", "ingress", "kind", "name", "namespace", "namespaceSelector", "order", "selector"];
    private static readonly string[] RuleFields = ["action", "destination", "http", "protocol", "source"];
    private static readonly string[] EndpointFields = ["namespaceSelector", "ports", "selector", "serviceAccounts"];
    private static readonly string[] AccountFields = ["names", "selector"];
    private static readonly string[] HttpFields = ["headers", "methods", "paths"];
    private static readonly string[] PathFields = ["exact", "prefix"];
    private static readonly string[] HeaderFields = ["header", "operator", "values"];

    public static ImmutableArray<(HttpPolicy Policy, string Path)> Read(ConfigReader reader)
    {
        var result = ImmutableArray.CreateBuilder<(HttpPolicy, string)>();
        foreach (var (element, path) in reader.ListItems(ConfigKeys.HttpPolicies))
        {
            var fields = new JsonFields(reader, element, path, PolicyFields);
            if (!fields.CheckShape())
            {
                continue;
            }

            var policy = new HttpPolicy(
                fields.String("name", required: true) ?? string.Empty,
                fields.Enum("kind", PolicyKinds) ?? PolicyKind.NetworkPolicy,
                fields.String("namespace"),
                fields.String("selector") ?? "all()",
                fields.Number("order"),
                fields.String("namespaceSelector"),
                [.. fields.ObjectList("ingress", RuleFields).Select(Rule)],
                [.. fields.ObjectList("egress", RuleFields).Select(Rule)]);
            result.Add((policy, path));
        }

        return result.ToImmutable();
    }

    public static ImmutableArray<(string Text, PolicyKind Value)> PolicyKinds { get; } =
        [("NetworkPolicy", PolicyKind.NetworkPolicy), ("GlobalNetworkPolicy", PolicyKind.GlobalNetworkPolicy)];

    public static ImmutableArray<(string Text, RuleAction Value)> Actions { get; } =
        [("Allow", RuleAction.Allow), ("Deny", RuleAction.Deny), ("Pass", RuleAction.Pass), ("Log", RuleAction.Log)];

    private static PolicyRule Rule(JsonFields rule)
    {
        if (!rule.Has("action"))
        {
            rule.String("action", required: true);
        }

        HttpMatch? http = null;
        if (rule.Object("http", HttpFields) is { } h)
        {
            http = new HttpMatch(
                h.StringList("methods"),
                [.. h.ObjectList("paths", PathFields).Select(p => new HttpPathMatch(p.String("exact"), p.String("prefix")))],
                [.. h.ObjectList("headers", HeaderFields).Select(x => new HttpHeaderMatch(x.String("header") ?? string.Empty, x.String("operator") ?? string.Empty, x.StringList("values")))]);
        }

        return new PolicyRule(
            rule.Enum("action", Actions) ?? RuleAction.Allow,
            rule.String("protocol"),
            Endpoint(rule.Object("source", EndpointFields)),
            Endpoint(rule.Object("destination", EndpointFields)),
            http);
    }

    private static RuleEndpoint? Endpoint(JsonFields? endpoint)
    {
        if (endpoint is null)
        {
            return null;
        }

        ServiceAccountMatch? accounts = null;
        if (endpoint.Object("serviceAccounts", AccountFields) is { } a)
        {
            accounts = new ServiceAccountMatch(a.StringList("names"), a.String("selector"));
        }

        return new RuleEndpoint(endpoint.String("selector"), endpoint.String("namespaceSelector"), accounts, endpoint.IntList("ports"));
    }
}
