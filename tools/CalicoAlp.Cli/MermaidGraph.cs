using System.Globalization;
using System.Text;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.Cli;

/// <summary>The Plan as a Mermaid flowchart: one subgraph per concern, one edge per dependency.</summary>
internal static class MermaidGraph
{
    public static string For(Plan plan)
    {
        var text = new StringBuilder("flowchart TD\n");
        var index = plan.Items.Select((item, i) => (item.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        string Node(PlanItem item) => "n" + index[item.Id].ToString(CultureInfo.InvariantCulture);
        foreach (var group in plan.Items.GroupBy(i => i.Concern))
        {
            text.Append(CultureInfo.InvariantCulture, $"  subgraph {group.Key.Kebab()}[{group.Key}]\n");
            foreach (var item in group)
            {
                var label = $"{item.Kind} {(item.Namespace is null ? string.Empty : item.Namespace + "/")}{item.Name}";
                text.Append(CultureInfo.InvariantCulture, $"    {Node(item)}[\"{label}{(item.Ownership == Ownership.Patch ? " (patch)" : string.Empty)}\"]\n");
            }

            text.Append("  end\n");
        }

        foreach (var item in plan.Items)
        {
            foreach (var dependency in item.Dependencies)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {Node(plan.Item(dependency))} --> {Node(item)}\n");
            }

            // A whole concern is one edge from its subgraph.
            foreach (var concern in item.WaitsForConcerns)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {concern.Kebab()} --> {Node(item)}\n");
            }
        }

        return text.ToString();
    }
}
