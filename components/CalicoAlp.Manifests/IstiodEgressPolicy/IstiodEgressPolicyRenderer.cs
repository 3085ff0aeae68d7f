using System.Collections.Immutable;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.IstiodEgressPolicy;

/// <summary>
/// The replacement for upstream's stale allow-istio-pilot (TCP 15011 to istio == 'pilot', which
/// nothing serves since Istio 1.6). A policy with types [Egress] egress-isolates every pod it
/// selects, so it is planned only for namespaces the stack declares egress-restricted: there the
/// pods are isolated already and need this allow; elsewhere it would cut all other egress.
/// </summary>
public static class IstiodEgressPolicyRenderer
{
    public const string PolicyName = "calico-alp-allow-istiod";

    /// <summary>
    /// First in its tier: Calico applies lower orders first and stops at the first Allow or Deny a
    /// rule hits, so a namespace's own explicit Deny (order 1, say) would otherwise cut its proxies
    /// off from istiod. Calico accepts any number, so only a Deny at order 0 with a name sorting
    /// before this one, or a negative order, still comes first; docs/operations.md says so.
    /// </summary>
    public const double PolicyOrder = 0;

    /// <summary>
    /// Every istiod, whatever its revision: during a canary the old revision's proxies still talk to
    /// their own istiod, and a selector naming one revision would cut the others off.
    /// </summary>
    public const string IstiodSelector = "app == 'istiod'";

    public static NamespaceHandles Render(PlanContext ctx, NamespaceHandles namespaces)
    {
        var settings = ctx.Settings;
        var rules = ImmutableArray.CreateBuilder<CalicoRule>();
        rules.Add(new CalicoRule("Allow", "TCP", Destination: new CalicoEntity(IstiodSelector, "projectcalico.org/name == 'istio-system'", [WellKnown.IstiodXdsPort])));
        rules.AddRange(DnsRules(settings.DnsEgress));
        var planned = new List<(string, PlanItem)>();
        foreach (var ns in settings.Namespaces.Where(n => n.Egress == EgressMode.Restricted))
        {
            var spec = new CalicoPolicySpec(
                Order: PolicyOrder,
                Selector: "all()",
                Types: ["Egress"],
                Egress: rules.ToImmutable());
            planned.Add((ns.Name, ctx.Add(Concern.IstiodEgressPolicy, Ownership.Owned,
                new KubeObject<CalicoPolicySpec>(settings.Calico.ApiGroup.ApiVersion(), "NetworkPolicy", new ObjectMeta(PolicyName, ns.Name), spec),
                namespaces.Of(ns.Name))));
        }

        return NamespaceHandles.From(planned);
    }

    /// <summary>DNS over UDP and TCP, to the DNS pods (kube-dns by default) and to any DNS nets (a node-local cache).</summary>
    public static IEnumerable<CalicoRule> DnsRules(DnsEgress dns)
    {
        foreach (var protocol in new[] { "UDP", "TCP" })
        {
            if (dns.Selector is { } selector)
            {
                yield return new CalicoRule("Allow", protocol, Destination: new CalicoEntity(selector, $"projectcalico.org/name == '{dns.Namespace}'", dns.Ports));
            }

            if (!dns.Nets.IsEmpty)
            {
                yield return new CalicoRule("Allow", protocol, Destination: new CalicoEntity(Ports: dns.Ports, Nets: dns.Nets));
            }
        }
    }
}
