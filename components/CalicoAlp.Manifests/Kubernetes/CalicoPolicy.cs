using System.Collections.Immutable;

namespace CalicoAlp.Manifests.Kubernetes;

/// <summary>Calico (Global)NetworkPolicy spec fields we emit, in Calico's field names.</summary>
public sealed record CalicoPolicySpec(
    double? Order,
    string Selector,
    ImmutableArray<string> Types,
    ImmutableArray<CalicoRule>? Ingress = null,
    ImmutableArray<CalicoRule>? Egress = null,
    string? NamespaceSelector = null);

public sealed record CalicoRule(
    string Action,
    string? Protocol = null,
    CalicoEntity? Source = null,
    CalicoEntity? Destination = null,
    CalicoHttpMatch? Http = null);

public sealed record CalicoEntity(
    string? Selector = null,
    string? NamespaceSelector = null,
    ImmutableArray<int>? Ports = null,
    CalicoServiceAccounts? ServiceAccounts = null,
    ImmutableArray<string>? Nets = null);

public sealed record CalicoServiceAccounts(ImmutableArray<string>? Names, string? Selector);

public sealed record CalicoHttpMatch(ImmutableArray<string>? Methods, ImmutableArray<CalicoHttpPath>? Paths, ImmutableArray<CalicoHttpHeader>? Headers = null);

/// <summary>Calico Enterprise 3.22+ header match.</summary>
public sealed record CalicoHttpHeader(string Header, string Operator, ImmutableArray<string> Values);

public sealed record CalicoHttpPath(string? Exact = null, string? Prefix = null);
