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
        string Node(PlanItem item) => "n" + plan.Items.IndexOf(item).ToString(CultureInfo.InvariantCulture);
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
        }

        return text.ToString();
    }
}
