using System.Collections.Immutable;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Stacks.Loading;

/// <summary>namespaces: the meshed namespaces, their ownership, enrolment, workloads, egress and mTLS.</summary>
internal static class NamespaceReader
{
    private static readonly string[] SystemNamespaces =
        ["calico-apiserver", "calico-system", "default", "istio-system", "kube-node-lease", "kube-public", "kube-system", "tigera-operator"];

    public static ImmutableArray<MeshNamespace> Read(ConfigReader reader, AlpMode mode)
    {
        var result = ImmutableArray.CreateBuilder<MeshNamespace>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (element, path) in reader.ListItems(ConfigKeys.Namespaces))
        {
            var fields = new JsonFields(reader, element, path, ConfigFields.Namespace);
            if (!fields.CheckShape())
            {
                continue;
            }

            var name = fields.String("name", required: true);
            if (name is not null)
            {
                if (!Names.IsLabel(name))
                {
                    reader.Error($"{path}.name", $"'{name}' is not a valid namespace name; expected a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters");
                }
                else if (SystemNamespaces.Contains(name))
                {
                    reader.Error($"{path}.name", $"'{name}' is a system namespace and cannot be meshed by this stack");
                }
                else if (!seen.Add(name))
                {
                    reader.Error($"{path}.name", $"'{name}' is listed more than once");
                }
            }

            var enrolment = fields.Enum("enrolment", ConfigSpellings.Enrolments) ?? Enrolment.Workloads;
            var workloads = fields.StringList("workloads");
            var workloadIndex = 0;
            var seenWorkloads = new HashSet<string>(StringComparer.Ordinal);
            foreach (var workload in workloads)
            {
                var workloadPath = $"{path}.workloads[{workloadIndex++}]";
                if (!Names.IsSubdomain(workload))
                {
                    reader.Error(workloadPath, $"'{workload}' is not a valid Deployment name; expected a DNS-1123 subdomain");
                }
                else if (!seenWorkloads.Add(workload))
                {
                    reader.Error(workloadPath, $"'{workload}' is listed more than once");
                }
            }

            if (enrolment == Enrolment.Workloads && workloads.IsEmpty)
            {
                reader.Error($"{path}.workloads", "missing; enrolment 'workloads' needs at least one Deployment name");
            }

            if (mode == AlpMode.Enterprise && enrolment == Enrolment.Namespace)
            {
                reader.Error($"{path}.enrolment", "'namespace' is not allowed in enterprise mode; the ApplicationLayer webhook enrols workloads one by one, so use 'workloads'");
            }

            result.Add(new MeshNamespace(
                name ?? string.Empty,
                fields.Enum("ownership", ConfigSpellings.Ownerships) ?? NamespaceOwnership.Existing,
                enrolment,
                workloads,
                fields.Enum("egress", ConfigSpellings.EgressModes) ?? EgressMode.Open,
                fields.Enum("mtlsMode", ConfigSpellings.MtlsModes),
                fields.Bool("waf") ?? false,
                fields.Bool("logging") ?? false,
                fields.String("istioTag"))
            {
                IstioPins = Pins(reader, fields, path, enrolment, seenWorkloads),
            });
        }

        return result.ToImmutable();
    }

    /// <summary>istioPins: each key a listed workload, enrolled one by one (a namespace label would win over the pod's).</summary>
    private static ImmutableSortedDictionary<string, string> Pins(ConfigReader reader, JsonFields fields, string path, Enrolment enrolment, HashSet<string> workloads)
    {
        var pins = fields.StringMap("istioPins");
        if (!pins.IsEmpty && enrolment != Enrolment.Workloads)
        {
            reader.Error($"{path}.istioPins", "needs enrolment 'workloads': with the namespace labelled, the tag's injector takes every pod whatever the pod's own label says");
        }

        foreach (var workload in pins.Keys.Where(w => !workloads.Contains(w)))
        {
            reader.Error($"{path}.istioPins.{workload}", $"'{ConfigReader.Abbreviate(workload)}' is not in this namespace's workloads ({string.Join(", ", workloads.Order(StringComparer.Ordinal))})");
        }

        return pins;
    }
}
