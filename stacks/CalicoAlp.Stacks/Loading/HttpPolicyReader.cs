using System.Collections.Immutable;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Stacks.Loading;

/// <summary>Reads the httpPolicies config key into typed policies; Calico's rules are checked separately.</summary>
internal static class HttpPolicyReader
{

    public static ImmutableArray<(HttpPolicy Policy, string Path)> Read(ConfigReader reader)
    {
        var result = ImmutableArray.CreateBuilder<(HttpPolicy, string)>();
        foreach (var (element, path) in reader.ListItems(ConfigKeys.HttpPolicies))
        {
            var fields = new JsonFields(reader, element, path, ConfigFields.HttpPolicy);
            if (!fields.CheckShape())
            {
                continue;
            }

            var policy = new HttpPolicy(
                fields.String("name", required: true) ?? string.Empty,
                fields.Enum("kind", ConfigSpellings.PolicyKinds) ?? PolicyKind.NetworkPolicy,
                fields.String("namespace"),
                fields.String("selector") ?? "all()",
                fields.Number("order"),
                fields.String("namespaceSelector"),
                [.. fields.ObjectList("ingress", ConfigFields.HttpRule).Select(Rule)],
                [.. fields.ObjectList("egress", ConfigFields.HttpRule).Select(Rule)]);
            result.Add((policy, path));
        }

        return result.ToImmutable();
    }

    private static PolicyRule Rule(JsonFields rule)
    {
        if (!rule.Has("action"))
        {
            rule.String("action", required: true);
        }

        HttpMatch? http = null;
        if (rule.Object("http", ConfigFields.HttpMatch) is { } h)
        {
            http = new HttpMatch(
                h.StringList("methods"),
                [.. h.ObjectList("paths", ConfigFields.HttpPath).Select(p => new HttpPathMatch(p.String("exact"), p.String("prefix")))],
                [.. h.ObjectList("headers", ConfigFields.HttpHeader).Select(x => new HttpHeaderMatch(x.String("header") ?? string.Empty, x.String("operator") ?? string.Empty, x.StringList("values")))]);
        }

        return new PolicyRule(
            rule.Enum("action", ConfigSpellings.RuleActions) ?? RuleAction.Allow,
            rule.String("protocol"),
            Endpoint(rule.Object("source", ConfigFields.RuleEndpoint)),
            Endpoint(rule.Object("destination", ConfigFields.RuleEndpoint)),
            http);
    }

    private static RuleEndpoint? Endpoint(JsonFields? endpoint)
    {
        if (endpoint is null)
        {
            return null;
        }

        ServiceAccountMatch? accounts = null;
        if (endpoint.Object("serviceAccounts", ConfigFields.ServiceAccounts) is { } a)
        {
            accounts = new ServiceAccountMatch(a.StringList("names"), a.String("selector"));
        }

        return new RuleEndpoint(endpoint.String("selector"), endpoint.String("namespaceSelector"), accounts, endpoint.IntList("ports"));
    }
}
