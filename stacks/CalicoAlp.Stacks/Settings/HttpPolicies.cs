using System.Collections.Immutable;

namespace CalicoAlp.Stacks.Settings;

public enum PolicyKind
{
    NetworkPolicy,
    GlobalNetworkPolicy,
}

public enum RuleAction
{
    Allow,
    Deny,
    Pass,
    Log,
}

/// <summary>
/// A Calico policy with application-layer matches, as a platform team declares it in stack
/// config or builds it in C#. <see cref="Validation.HttpPolicyRules"/> checks it by Calico's rules.
/// </summary>
public sealed record HttpPolicy(
    string Name,
    PolicyKind Kind,
    string? Namespace,
    string Selector,
    double? Order,
    string? NamespaceSelector,
    ImmutableArray<PolicyRule> Ingress,
    ImmutableArray<PolicyRule> Egress);

public sealed record PolicyRule(
    RuleAction Action,
    string? Protocol = null,
    RuleEndpoint? Source = null,
    RuleEndpoint? Destination = null,
    HttpMatch? Http = null);

public sealed record RuleEndpoint(
    string? Selector = null,
    string? NamespaceSelector = null,
    ServiceAccountMatch? ServiceAccounts = null,
    ImmutableArray<int> Ports = default)
{
    public ImmutableArray<int> PortList => Ports.IsDefault ? [] : Ports;
}

public sealed record ServiceAccountMatch(ImmutableArray<string> Names, string? Selector);

public sealed record HttpMatch(
    ImmutableArray<string> Methods,
    ImmutableArray<HttpPathMatch> Paths,
    ImmutableArray<HttpHeaderMatch> Headers);

/// <summary>Exactly one of <see cref="Exact"/> and <see cref="Prefix"/>.</summary>
public sealed record HttpPathMatch(string? Exact, string? Prefix);

/// <summary>Calico Enterprise 3.22+ only.</summary>
public sealed record HttpHeaderMatch(string Header, string Operator, ImmutableArray<string> Values);
