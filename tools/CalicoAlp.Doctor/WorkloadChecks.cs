using System.Collections.Immutable;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Doctor;

/// <summary>The namespaces and workloads the stack enrols, egress-restricted namespaces, and the DNS topology.</summary>
internal static class WorkloadChecks
{
    /// <summary>The pod-template metadata a patch sets and the field-owners check reads: labels and annotations.</summary>
    internal static readonly string[] TemplateParts = ["labels", "annotations"];

    public static IEnumerable<CheckResult> All(StackSettings settings, ClusterFacts facts)
    {
        var patches = PlanBuilder.Build(settings).Items
            .Where(i => i.Ownership == Ownership.Patch && i.Kind == "Deployment")
            .ToDictionary(i => (i.Namespace!, i.Name), i => i.Body());
        foreach (var ns in settings.Namespaces)
        {
            foreach (var result in Namespace(ns, facts.Namespaces.GetValueOrDefault(ns.Name)))
            {
                yield return result;
            }

            foreach (var workload in ns.Workloads)
            {
                if (facts.Namespaces.GetValueOrDefault(ns.Name) is { } present && present.TemplateFields.TryGetValue(workload, out var fields)
                    && patches.TryGetValue((ns.Name, workload), out var patch))
                {
                    yield return FieldOwners(settings, $"{ns.Name}/{workload}", patch, fields);
                }
            }

            if (settings.Mode == AlpMode.Istio && settings.AlpEnabled && facts.Namespaces.GetValueOrDefault(ns.Name) is { } fact)
            {
                yield return SidecarVisibility(ns, fact);
                if (StagedDenies(settings, ns, fact, facts.StagedGlobalPolicies) is { } staged)
                {
                    yield return staged;
                }
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

    /// <summary>
    /// A pod-template label or annotation the stack's patch sets, held by another field manager
    /// with a different value: server-side apply refuses the patch with a conflict (the stack
    /// never forces), so pulumi up would stop there.
    /// </summary>
    private static CheckResult FieldOwners(StackSettings settings, string workload, System.Text.Json.Nodes.JsonObject patch, ImmutableArray<TemplateField> fields)
    {
        var id = $"field-owners {workload}";
        var declared = $"patched by field manager {settings.FieldManager}";
        var metadata = patch["spec"]?["template"]?["metadata"];
        var planned = TemplateParts
            .SelectMany(part => (metadata?[part] as System.Text.Json.Nodes.JsonObject ?? []).Select(p => (Key: $"{part}/{p.Key}", Value: p.Value?.ToString() ?? string.Empty)))
            .ToList();
        var conflicts = planned
            .Select(p => (p.Key, p.Value, Field: fields.FirstOrDefault(f => f.Key == p.Key)))
            .Where(c => c.Field is not null && c.Field.Value != c.Value && c.Field.Managers.Any(m => m != settings.FieldManager))
            .Select(c => $"{c.Key} is '{c.Field!.Value}' (held by {string.Join(", ", c.Field.Managers.Where(m => m != settings.FieldManager))}), the stack sets '{c.Value}'")
            .ToList();
        return conflicts.Count == 0
            ? CheckResult.Pass(id, $"no other field manager holds a different value for the {planned.Count} pod-template labels and annotations the stack sets", declared)
            : new(id, CheckStatus.Fail, string.Join("; ", conflicts), declared,
                "remove the field from the other manager's configuration (or let that manager set the stack's value): pulumi up would stop with a server-side apply conflict");
    }

    /// <summary>
    /// An Istio Sidecar whose egress hosts leave out istio-system hides the Dikastes ServiceEntry
    /// from the pods it applies to: their Envoy has no ext_authz cluster, and every fail-closed check
    /// is denied.
    /// </summary>
    private static CheckResult SidecarVisibility(MeshNamespace ns, NamespaceFact fact)
    {
        var id = $"sidecar-scope {ns.Name}";
        const string declared = "ext_authz reaches " + WellKnown.DikastesCluster;
        var hiding = fact.Sidecars.Where(sc => !sc.EgressHosts.IsEmpty && !sc.EgressHosts.Any(Imports)).ToList();
        if (hiding.Count == 0)
        {
            return CheckResult.Pass(id, fact.Sidecars.IsEmpty ? "no Sidecar resources" : $"Sidecars import {WellKnown.IstioSystem}: {string.Join(", ", fact.Sidecars.Select(s => s.Name))}", declared);
        }

        return new(id, CheckStatus.Warn,
            $"Sidecar {string.Join(", ", hiding.Select(s => s.Name + (s.Selects ? " (for the pods it selects)" : string.Empty)))} imports only {string.Join(", ", hiding.SelectMany(s => s.EgressHosts).Distinct(StringComparer.Ordinal))}",
            declared, $"add \"{WellKnown.IstioSystem}/{WellKnown.DikastesHost}\" to its egress hosts: without it the pods' Envoy has no Dikastes cluster and denies every request");
    }

    /// <summary>Whether a Sidecar egress host ("namespace/dnsName") imports the Dikastes ServiceEntry in istio-system.</summary>
    public static bool Imports(string host)
    {
        var slash = host.IndexOf('/', StringComparison.Ordinal);
        var (ns, dns) = slash < 0 ? ("*", host) : (host[..slash], host[(slash + 1)..]);
        return ns is "*" or WellKnown.IstioSystem
            && (dns == "*" || dns == WellKnown.DikastesHost || (dns.StartsWith("*.", StringComparison.Ordinal) && WellKnown.DikastesHost.EndsWith(dns[1..], StringComparison.Ordinal)));
    }

    /// <summary>
    /// On a Calico line whose Dikastes still enforces staged policies' denies (v3.32.x, fixed in
    /// v3.33 by projectcalico/calico#13416), a staged policy selecting an enrolled workload denies
    /// for real at L7 while it is meant only to be previewed.
    /// </summary>
    private static CheckResult? StagedDenies(StackSettings settings, MeshNamespace ns, NamespaceFact fact, ImmutableArray<StagedPolicyFact> global)
    {
        if (CompatibilityMatrix.CalicoRelease(settings.Calico.Version) is not { EnforcesStagedDenies: true })
        {
            return null;
        }

        var id = $"staged-policies {ns.Name}";
        var declared = $"calicoVersion {settings.Calico.VersionText} (Dikastes enforces staged denies)";
        var namespaceLabels = fact.Labels.SetItem("projectcalico.org/name", ns.Name);
        var hits = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var workload in ns.Workloads.Where(fact.PodLabels.ContainsKey))
        {
            var pod = fact.PodLabels[workload];
            foreach (var policy in fact.StagedPolicies.Where(p => CalicoSelectors.Matches(p.Selector, pod) == true))
            {
                hits.Add($"StagedNetworkPolicy {ns.Name}/{policy.Name} selects {workload}");
            }

            foreach (var policy in global.Where(p => CalicoSelectors.Matches(p.Selector, pod) == true
                && (p.NamespaceSelector is null || CalicoSelectors.Matches(p.NamespaceSelector, namespaceLabels) == true)))
            {
                hits.Add($"StagedGlobalNetworkPolicy {policy.Name} selects {workload}");
            }
        }

        return hits.Count == 0
            ? CheckResult.Pass(id, "no staged policy selects an enrolled workload", declared)
            : new(id, CheckStatus.Warn, string.Join("; ", hits), declared,
                "Dikastes on v3.32.x enforces a staged policy's denies as if it were applied; upgrade Calico to v3.33.x, or delete or narrow the staged policy before enrolling");
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
