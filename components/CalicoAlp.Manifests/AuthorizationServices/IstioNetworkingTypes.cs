using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace CalicoAlp.Manifests.AuthorizationServices;

public sealed record ServiceEntrySpec(
    ImmutableArray<string> Hosts,
    ImmutableArray<ServiceEntryPort> Ports,
    string Resolution,
    string Location,
    ImmutableArray<ServiceEntryEndpoint> Endpoints,
    ImmutableArray<string> ExportTo);

public sealed record ServiceEntryPort(string Name, string Protocol, int Number);

public sealed record ServiceEntryEndpoint(string Address);

public sealed record DestinationRuleSpec(string Host, TrafficPolicy TrafficPolicy, ImmutableArray<string> ExportTo);

public sealed record TrafficPolicy(ClientTls Tls);

public sealed record ClientTls(string Mode);

public sealed record EnvoyFilterSpec(WorkloadSelector? WorkloadSelector, ImmutableArray<EnvoyConfigPatch> ConfigPatches);

public sealed record WorkloadSelector(ImmutableSortedDictionary<string, string> Labels);

public sealed record EnvoyConfigPatch(string ApplyTo, EnvoyPatchMatch Match, EnvoyPatch Patch);

public sealed record EnvoyPatchMatch(string Context, ListenerMatch Listener);

public sealed record ListenerMatch(FilterChainMatch FilterChain);

public sealed record FilterChainMatch(FilterMatch Filter);

public sealed record FilterMatch(string Name, SubFilterMatch? SubFilter = null);

public sealed record SubFilterMatch(string Name);

public sealed record EnvoyPatch(string Operation, EnvoyFilterValue Value);

/// <summary>An Envoy filter in Envoy's own snake_case field names.</summary>
public sealed record EnvoyFilterValue(
    string Name,
    [property: JsonPropertyName("typed_config")] ExtAuthzConfig TypedConfig);

public sealed record ExtAuthzConfig(
    [property: JsonPropertyName("@type")] string Type,
    [property: JsonPropertyName("stat_prefix")] string? StatPrefix,
    [property: JsonPropertyName("transport_api_version")] string TransportApiVersion,
    [property: JsonPropertyName("failure_mode_allow")] bool FailureModeAllow,
    [property: JsonPropertyName("grpc_service")] GrpcService GrpcService);

public sealed record GrpcService(
    [property: JsonPropertyName("envoy_grpc")] EnvoyGrpc EnvoyGrpc,
    [property: JsonPropertyName("timeout")] string Timeout);

public sealed record EnvoyGrpc([property: JsonPropertyName("cluster_name")] string ClusterName);
