using System.Text.Json;
using CalicoAlp.Manifests.AuthorizationServices;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>Istio's networking records (AuthorizationServices/IstioNetworkingTypes.cs): the authorization services.</summary>
internal static partial class ManifestJson
{
    private static void ServiceEntry(Utf8JsonWriter w, ServiceEntrySpec spec) => Object(w, spec, static (w, s) =>
    {
        List(w, "hosts", s.Hosts);
        List(w, "ports", s.Ports, static (w, p) => Object(w, p, static (w, p) =>
        {
            Field(w, "name", p.Name);
            Field(w, "protocol", p.Protocol);
            w.WriteNumber("number", p.Number);
        }));
        Field(w, "resolution", s.Resolution);
        Field(w, "location", s.Location);
        List(w, "endpoints", s.Endpoints, static (w, e) => Object(w, e, static (w, e) => Field(w, "address", e.Address)));
        List(w, "exportTo", s.ExportTo);
    });

    private static void DestinationRule(Utf8JsonWriter w, DestinationRuleSpec spec) => Object(w, spec, static (w, s) =>
    {
        Field(w, "host", s.Host);
        Field(w, "trafficPolicy", s.TrafficPolicy, static (w, t) => Object(w, t, static (w, t) =>
            Field(w, "tls", t.Tls, static (w, c) => Object(w, c, static (w, c) => Field(w, "mode", c.Mode)))));
        List(w, "exportTo", s.ExportTo);
    });

    private static void EnvoyFilter(Utf8JsonWriter w, EnvoyFilterSpec spec) => Object(w, spec, static (w, s) =>
    {
        Field(w, "workloadSelector", s.WorkloadSelector, static (w, selector) => Object(w, selector, static (w, selector) => Field(w, "labels", selector.Labels)));
        List(w, "configPatches", s.ConfigPatches, static (w, p) => Object(w, p, static (w, p) =>
        {
            Field(w, "applyTo", p.ApplyTo);
            Field(w, "match", p.Match, static (w, m) => Object(w, m, static (w, m) =>
            {
                Field(w, "context", m.Context);
                Field(w, "listener", m.Listener, static (w, l) => Object(w, l, static (w, l) =>
                    Field(w, "filterChain", l.FilterChain, static (w, c) => Object(w, c, static (w, c) =>
                        Field(w, "filter", c.Filter, static (w, f) => Object(w, f, static (w, f) =>
                        {
                            Field(w, "name", f.Name);
                            Field(w, "subFilter", f.SubFilter, static (w, sub) => Object(w, sub, static (w, sub) => Field(w, "name", sub.Name)));
                        }))))));
            }));
            Field(w, "patch", p.Patch, static (w, patch) => Object(w, patch, static (w, patch) =>
            {
                Field(w, "operation", patch.Operation);
                Field(w, "value", patch.Value, static (w, v) => Object(w, v, static (w, v) =>
                {
                    Field(w, "name", v.Name);
                    Field(w, "typed_config", v.TypedConfig, ExtAuthz);
                }));
            }));
        }));
    });

    private static void ExtAuthz(Utf8JsonWriter w, ExtAuthzConfig config) => Object(w, config, static (w, c) =>
    {
        Field(w, "@type", c.Type);
        Field(w, "stat_prefix", c.StatPrefix);
        Field(w, "transport_api_version", c.TransportApiVersion);
        w.WriteBoolean("failure_mode_allow", c.FailureModeAllow);
        Field(w, "grpc_service", c.GrpcService, static (w, g) => Object(w, g, static (w, g) =>
        {
            Field(w, "envoy_grpc", g.EnvoyGrpc, static (w, e) => Object(w, e, static (w, e) => Field(w, "cluster_name", e.ClusterName)));
            Field(w, "timeout", g.Timeout);
        }));
    });
}
