using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace CalicoAlp.Manifests.Kubernetes;

// A list that is absent is default(ImmutableArray<T>) and left out of the JSON; [] is an empty list,
// written as one. The attributes say so to System.Text.Json.

/// <summary>Calico (Global)NetworkPolicy spec fields we emit, in Calico's field names.</summary>
public sealed record CalicoPolicySpec(
    double? Order,
    string Selector,
    ImmutableArray<string> Types,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<CalicoRule> Ingress = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<CalicoRule> Egress = default,
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<int> Ports = default,
    CalicoServiceAccounts? ServiceAccounts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<string> Nets = default);

public sealed record CalicoServiceAccounts([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<string> Names, string? Selector);

public sealed record CalicoHttpMatch([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<string> Methods, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<CalicoHttpPath> Paths, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<CalicoHttpHeader> Headers = default);

/// <summary>Calico Enterprise 3.22+ header match.</summary>
public sealed record CalicoHttpHeader(string Header, string Operator, ImmutableArray<string> Values);

public sealed record CalicoHttpPath(string? Exact = null, string? Prefix = null);
