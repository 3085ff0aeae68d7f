using System.Collections.Immutable;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.HttpPolicies;

/// <summary>
/// The stack's L7 policies as Calico (Global)NetworkPolicies in the configured API group. Already
/// checked by Calico's rules in the settings; here they are only written down.
/// </summary>
public static class HttpPoliciesRenderer
{
    public static IReadOnlyList<string> Render(PlanContext ctx, NamespaceHandles namespaces)
    {
        var settings = ctx.Settings;
        var ids = new List<string>();
        foreach (var policy in settings.HttpPolicies)
        {
            ImmutableArray<string> types =
            [
                .. policy.Ingress.IsEmpty ? Array.Empty<string>() : ["Ingress"],
                .. policy.Egress.IsEmpty ? Array.Empty<string>() : ["Egress"],
            ];
            var spec = new CalicoPolicySpec(
                policy.Order,
                policy.Selector,
                types,
                policy.Ingress.IsEmpty ? default : [.. policy.Ingress.Select(Rule)],
                policy.Egress.IsEmpty ? default : [.. policy.Egress.Select(Rule)],
                policy.Kind == PolicyKind.GlobalNetworkPolicy ? policy.NamespaceSelector : null);
            var kind = policy.Kind.ToString();
            var ns = policy.Kind == PolicyKind.NetworkPolicy ? policy.Namespace : null;
            var item = ctx.Add(Concern.HttpPolicies, Ownership.Owned,
                new KubeObject<CalicoPolicySpec>(settings.Calico.ApiGroup.ApiVersion(), kind, new ObjectMeta(policy.Name, ns), spec),
                namespaces.Of(ns));
            ids.Add(item.Id);
        }

        return ids;
    }

    private static CalicoRule Rule(PolicyRule rule) => new(
        rule.Action.ToString(),
        rule.Protocol,
        Entity(rule.Source),
        Entity(rule.Destination),
        rule.Http is { } http
            ? new CalicoHttpMatch(
                http.Methods.IsEmpty ? default : http.Methods,
                http.Paths.IsEmpty ? default : [.. http.Paths.Select(p => new CalicoHttpPath(p.Exact, p.Prefix))],
                http.Headers.IsEmpty ? default : [.. http.Headers.Select(h => new CalicoHttpHeader(h.Header, h.Operator, h.Values))])
            : null);

    private static CalicoEntity? Entity(RuleEndpoint? endpoint) => endpoint is null
        ? null
        : new CalicoEntity(
            endpoint.Selector,
            endpoint.NamespaceSelector,
            endpoint.PortList.IsEmpty ? default : endpoint.PortList,
            endpoint.ServiceAccounts is { } accounts
                ? new CalicoServiceAccounts(accounts.Names.IsEmpty ? default : accounts.Names, accounts.Selector)
                : null);
}
