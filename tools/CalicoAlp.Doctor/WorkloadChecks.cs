using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Doctor;

/// <summary>The namespaces and workloads the stack enrols, egress-restricted namespaces, and the DNS topology.</summary>
internal static class WorkloadChecks
{
    public static IEnumerable<CheckResult> All(StackSettings settings, ClusterFacts facts)
    {
        foreach (var ns in settings.Namespaces)
        {
            foreach (var result in Namespace(ns, facts.Namespaces.GetValueOrDefault(ns.Name)))
            {
                yield return result;
            }
        }

        yield return Dns(settings, facts.Dns);
    }

    private static IEnumerable<CheckResult> Namespace(MeshNamespace ns, NamespaceFact? fact)
    {
        var id = $"namespace {ns.Name}";
        var declared = $"ownership {(ns.Ownership == NamespaceOwnership.Create ? "create" : "existing")}";
        if (ns.Ownership == NamespaceOwnership.Create)
        {
            yield return fact is null ? CheckResult.Pass(id, "does not exist yet", declared)
                : fact.AppliedByPulumi ? CheckResult.Pass(id, "exists, applied by Pulumi (the stack's own)", declared)
                : new(id, CheckStatus.Fail, "exists already, not applied by Pulumi", declared,
                    "set ownership to existing: the stack must only label a namespace it did not create, never delete it on destroy");
            yield break;
        }

        if (fact is null)
        {
            yield return new(id, CheckStatus.Fail, "does not exist", declared, "create it first, or set ownership to create");
            yield break;
        }

        yield return CheckResult.Pass(id, "exists", declared);
        foreach (var workload in ns.Workloads)
        {
            var workloadId = $"workload {ns.Name}/{workload}";
            yield return fact.Deployments.Contains(workload)
                ? CheckResult.Pass(workloadId, "Deployment exists", "enrolled")
                : fact.OtherWorkloads.Contains(workload)
                    ? new(workloadId, CheckStatus.Fail, "a StatefulSet or DaemonSet, not a Deployment", "enrolled",
                        "only Deployments can be enrolled; enrol the namespace instead")
                    : new(workloadId, CheckStatus.Fail, "no Deployment of that name", "enrolled", "deploy it first or remove it from the stack");
        }

        if (ns.Egress == EgressMode.Restricted)
        {
            yield return fact.EgressPolicies.IsEmpty
                ? new($"egress {ns.Name}", CheckStatus.Warn, "no Kubernetes or Calico NetworkPolicy with an Egress type", "egress restricted",
                    "the istiod allow policy will be the only egress policy selecting these pods, and isolate them for everything else")
                : CheckResult.Pass($"egress {ns.Name}", $"egress policies: {string.Join(", ", fact.EgressPolicies)}", "egress restricted");
        }
    }

    private static CheckResult Dns(StackSettings settings, DnsFacts dns)
    {
        const string id = "dns";
        var declared = settings.DnsEgress.Selector is { } s
            ? $"dnsEgress {s} in {settings.DnsEgress.Namespace}{(settings.DnsEgress.Nets.IsEmpty ? string.Empty : ", nets " + string.Join(", ", settings.DnsEgress.Nets))}"
            : $"dnsEgress nets {string.Join(", ", settings.DnsEgress.Nets)}";
        if (!settings.Namespaces.Any(n => n.Egress == EgressMode.Restricted))
        {
            return CheckResult.Pass(id, dns.NodeLocalDns ? "NodeLocal DNSCache" : "kube-dns", declared + " (no namespace is egress-restricted)");
        }

        if (dns.NodeLocalDns && settings.DnsEgress.Nets.IsEmpty)
        {
            return new(id, CheckStatus.Fail, "NodeLocal DNSCache (node-local-dns DaemonSet in kube-system)", declared,
                "add its link-local address to dnsEgress.nets (usually 169.254.20.10/32): restricted pods resolve through it");
        }

        if (!dns.KubeDnsService && settings.DnsEgress.Namespace == DnsEgress.DefaultNamespace && settings.DnsEgress.Selector == DnsEgress.DefaultSelector)
        {
            return new(id, CheckStatus.Fail, "no kube-dns Service in kube-system", declared,
                "set dnsEgress.selector and dnsEgress.namespace to where the cluster's DNS pods run");
        }

        return CheckResult.Pass(id, dns.NodeLocalDns ? "NodeLocal DNSCache" : "kube-dns in kube-system", declared);
    }
}
