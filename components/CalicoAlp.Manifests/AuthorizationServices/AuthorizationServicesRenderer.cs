using System.Collections.Immutable;
using System.Globalization;
using CalicoAlp.Manifests.IstioControlPlane;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.AuthorizationServices;

/// <summary>
/// Wires Envoy's ext_authz filters to the pod-local Dikastes socket, as Calico's envoy-v3 manifest
/// does (docs/domain.md, "Authorization services"), with two deliberate changes: failure_mode_allow and the gRPC timeout
/// come from the stack, and the EnvoyFilter selects only pods the dikastes template labelled, so an
/// injected pod without Dikastes is never denied for want of a socket.
/// </summary>
public static class AuthorizationServicesRenderer
{
    public const string NetworkingApiVersion = "networking.istio.io/v1";
    public const string EnvoyFilterApiVersion = "networking.istio.io/v1alpha3";
    public const string EnvoyFilterName = "ext-authz";

    /// <summary>
    /// Every namespace, named outright: without exportTo a mesh whose defaultServiceExportTo or
    /// defaultDestinationRuleExportTo is ["."] keeps both objects inside istio-system, the Dikastes
    /// cluster never reaches an enrolled pod's Envoy, and every fail-closed check is denied.
    /// </summary>
    public static readonly ImmutableArray<string> ExportToEveryNamespace = ["*"];

    public static IReadOnlyList<string> Render(PlanContext ctx, ControlPlane controlPlane)
    {
        var settings = ctx.Settings;
        var policy = new ResourcePolicy(settings.Protect, false, []);
        // The CRDs come with the base chart; istiod validates the objects, failing closed until it serves.
        string[] crds = [.. controlPlane.ForIstioObjects];

        var serviceEntry = ctx.Add(Concern.AuthorizationServices, Ownership.Owned,
            new KubeObject<ServiceEntrySpec>(NetworkingApiVersion, "ServiceEntry", new ObjectMeta("dikastes", WellKnown.IstioSystem),
                new ServiceEntrySpec(
                    Hosts: [WellKnown.DikastesHost],
                    Ports: [new ServiceEntryPort("grpc", "grpc", 1)],
                    Resolution: "STATIC",
                    Location: "MESH_EXTERNAL",
                    Endpoints: [new ServiceEntryEndpoint($"unix://{WellKnown.DikastesSocket}")],
                    ExportTo: ExportToEveryNamespace)),
            crds, policy);

        var destinationRule = ctx.Add(Concern.AuthorizationServices, Ownership.Owned,
            new KubeObject<DestinationRuleSpec>(NetworkingApiVersion, "DestinationRule", new ObjectMeta("dikastes-mtls", WellKnown.IstioSystem),
                new DestinationRuleSpec(WellKnown.DikastesHost, new TrafficPolicy(new ClientTls("DISABLE")), ExportToEveryNamespace)),
            crds, policy);

        var envoyFilter = ctx.Add(Concern.AuthorizationServices, Ownership.Owned,
            new KubeObject<EnvoyFilterSpec>(EnvoyFilterApiVersion, "EnvoyFilter", new ObjectMeta(EnvoyFilterName, WellKnown.IstioSystem),
                new EnvoyFilterSpec(
                    new WorkloadSelector(Maps.Of((WellKnown.DikastesPodLabel, WellKnown.DikastesPodLabelValue))),
                    [NetworkFilter(settings.Authz), HttpFilter(settings.Authz)])),
            crds, policy);

        return [serviceEntry.Id, destinationRule.Id, envoyFilter.Id];
    }

    private static EnvoyConfigPatch NetworkFilter(AuthzSettings authz) =>
        new("NETWORK_FILTER",
            new EnvoyPatchMatch("SIDECAR_INBOUND", new ListenerMatch(new FilterChainMatch(new FilterMatch("envoy.filters.network.tcp_proxy")))),
            new EnvoyPatch("INSERT_BEFORE", new EnvoyFilterValue("envoy.filters.network.ext_authz",
                ExtAuthz("type.googleapis.com/envoy.extensions.filters.network.ext_authz.v3.ExtAuthz", "dikastes", authz))));

    private static EnvoyConfigPatch HttpFilter(AuthzSettings authz) =>
        new("HTTP_FILTER",
            new EnvoyPatchMatch("SIDECAR_INBOUND", new ListenerMatch(new FilterChainMatch(
                new FilterMatch("envoy.filters.network.http_connection_manager", new SubFilterMatch("envoy.filters.http.router"))))),
            new EnvoyPatch("INSERT_BEFORE", new EnvoyFilterValue("envoy.filters.http.ext_authz",
                ExtAuthz("type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz", null, authz))));

    private static ExtAuthzConfig ExtAuthz(string type, string? statPrefix, AuthzSettings authz) =>
        new(type, statPrefix, "V3", authz.FailureMode == AuthzFailureMode.Open,
            new GrpcService(new EnvoyGrpc(WellKnown.DikastesCluster), Duration(authz.TimeoutMs)));

    /// <summary>protobuf Duration JSON: seconds with up to three decimals and an 's'.</summary>
    public static string Duration(int milliseconds) =>
        (milliseconds / 1000m).ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
