using System.Text.Json;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Stacks.Loading;

/// <summary>
/// dnsEgress: the DNS destination of the istiod egress policy. The default (kube-dns in kube-system,
/// port 53) misses NodeLocal DNSCache (a host-network cache on a link-local address) and
/// OpenShift (openshift-dns, port 5353), where restricted pods could not resolve istiod.
/// </summary>
internal static class DnsEgressReader
{

    public static DnsEgress Read(ConfigReader reader)
    {
        if (reader.Json(ConfigKeys.DnsEgress, JsonValueKind.Object) is not { } element)
        {
            return DnsEgress.Default;
        }

        var path = ConfigReader.PathOf(ConfigKeys.DnsEgress);
        var fields = new JsonFields(reader, element, path, ConfigFields.DnsEgress);
        if (!fields.CheckShape())
        {
            return DnsEgress.Default;
        }

        var selector = fields.Has("selector") ? fields.String("selector") : DnsEgress.DefaultSelector;
        if (selector is { Length: 0 })
        {
            selector = null;
        }
        else if (selector is not null && CalicoSelectors.Problem(selector) is { } problem)
        {
            reader.Error($"{path}.selector", $"'{ConfigReader.Abbreviate(selector)}' is not a Calico selector: {problem}");
        }

        var ns = fields.String("namespace") ?? DnsEgress.DefaultNamespace;
        if (!Names.IsLabel(ns))
        {
            reader.Error($"{path}.namespace", $"'{ConfigReader.Abbreviate(ns)}' is not a valid namespace name; expected a DNS-1123 label");
        }

        var nets = fields.StringList("nets");
        for (var i = 0; i < nets.Length; i++)
        {
            if (!Names.IsCidr(nets[i]))
            {
                reader.Error($"{path}.nets[{i}]", $"'{ConfigReader.Abbreviate(nets[i])}' is not a network; expected CIDR notation, e.g. 169.254.20.10/32");
            }
        }

        var ports = fields.Has("ports") ? fields.IntList("ports") : [DnsEgress.DefaultPort];
        for (var i = 0; i < ports.Length; i++)
        {
            if (ports[i] is < 1 or > 65535)
            {
                reader.Error($"{path}.ports[{i}]", $"'{ports[i]}' is out of range; expected a port from 1 to 65535");
            }
        }

        if (ports.IsEmpty)
        {
            reader.Error($"{path}.ports", "empty; expected at least one DNS port, e.g. [53]");
        }

        if (selector is null && nets.IsEmpty)
        {
            reader.Error($"{path}.selector", "empty, and no nets are given either, so DNS would be allowed nowhere; set a selector, nets, or both");
        }

        return new DnsEgress(selector, ns, nets, ports);
    }
}
