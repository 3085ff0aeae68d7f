using System.Text.Json;
using CalicoAlp.Manifests.Kubernetes;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>Calico's policy records (Kubernetes/CalicoPolicy.cs): the istiod egress policy and the HTTP policies.</summary>
internal static partial class ManifestJson
{
    private static void CalicoPolicy(Utf8JsonWriter w, CalicoPolicySpec spec) => Object(w, spec, static (w, s) =>
    {
        if (s.Order is { } order)
        {
            w.WriteNumber("order", order);
        }

        Field(w, "selector", s.Selector);
        List(w, "types", s.Types);
        Optional(w, "ingress", s.Ingress, Rule);
        Optional(w, "egress", s.Egress, Rule);
        Field(w, "namespaceSelector", s.NamespaceSelector);
    });

    private static void Rule(Utf8JsonWriter w, CalicoRule rule) => Object(w, rule, static (w, r) =>
    {
        Field(w, "action", r.Action);
        Field(w, "protocol", r.Protocol);
        Field(w, "source", r.Source, Entity);
        Field(w, "destination", r.Destination, Entity);
        Field(w, "http", r.Http, static (w, h) => Object(w, h, static (w, h) =>
        {
            Optional(w, "methods", h.Methods);
            Optional(w, "paths", h.Paths, static (w, p) => Object(w, p, static (w, p) =>
            {
                Field(w, "exact", p.Exact);
                Field(w, "prefix", p.Prefix);
            }));
            Optional(w, "headers", h.Headers, static (w, x) => Object(w, x, static (w, x) =>
            {
                Field(w, "header", x.Header);
                Field(w, "operator", x.Operator);
                List(w, "values", x.Values);
            }));
        }));
    });

    private static void Entity(Utf8JsonWriter w, CalicoEntity entity) => Object(w, entity, static (w, e) =>
    {
        Field(w, "selector", e.Selector);
        Field(w, "namespaceSelector", e.NamespaceSelector);
        Optional(w, "ports", e.Ports, static (w, p) => w.WriteNumberValue(p));
        Field(w, "serviceAccounts", e.ServiceAccounts, static (w, a) => Object(w, a, static (w, a) =>
        {
            Optional(w, "names", a.Names);
            Field(w, "selector", a.Selector);
        }));
        Optional(w, "nets", e.Nets);
    });
}
