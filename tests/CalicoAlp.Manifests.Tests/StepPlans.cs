using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Output;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

/// <summary>The steps of one example stack (examples/&lt;example&gt;/Pulumi.&lt;step&gt;.yaml) and what changes between their plans.</summary>
internal static class StepPlans
{
    public static LoadResult Load(string example, string step) =>
        // One stack, named after the example, through the files of its steps.
        StackLoader.FromFiles(RepoPaths.Root, example, Path.Combine(RepoPaths.Root, "examples", example, $"Pulumi.{step}.yaml"));

    /// <summary>A step's file changed by <paramref name="edit"/>, loaded as the same stack from a file of its own.</summary>
    public static LoadResult Variant(string example, string step, Func<string, string> edit)
    {
        using var project = new ScratchProject();
        project.WriteStack(example, edit(File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", example, $"Pulumi.{step}.yaml"))));
        return StackLoader.FromFiles(project.Directory, example);
    }

    /// <summary>Each item of a loaded stack's plan, by id, with its rendered object.</summary>
    public static Dictionary<string, JsonObject> Items(LoadResult loaded)
    {
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        return PlanBuilder.Build(loaded.Settings!).Items.ToDictionary(i => i.Id, i => i.Body(), StringComparer.Ordinal);
    }

    /// <summary>Each item of the step's plan.json, by id, with its rendered object.</summary>
    public static Dictionary<string, JsonObject> Items(string example, string step)
    {
        var loaded = Load(example, step);
        var plan = PlanBuilder.Build(loaded.Settings ?? throw new InvalidOperationException(string.Join("\n", loaded.Errors)));
        var json = PlanFiles.PlanJsonText(plan);
        var ids = JsonNode.Parse(json)!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(plan.Items.Select(i => i.Id), ids);
        return plan.Items.ToDictionary(i => i.Id, i => i.Body(), StringComparer.Ordinal);
    }

    /// <summary>Ids added, removed, and kept with a different rendered object, from one step to the next.</summary>
    public static (string[] Added, string[] Removed, string[] Changed) Diff(string example, string from, string to)
    {
        var (a, b) = (Items(example, from), Items(example, to));
        return ([.. b.Keys.Except(a.Keys).Order(StringComparer.Ordinal)], [.. a.Keys.Except(b.Keys).Order(StringComparer.Ordinal)],
            [.. a.Keys.Intersect(b.Keys).Where(id => a[id].ToJsonString() != b[id].ToJsonString()).Order(StringComparer.Ordinal)]);
    }

    public static string Hash(Dictionary<string, JsonObject> items, string id) =>
        items[id]["spec"]!["template"]!["metadata"]!["annotations"]![WellKnown.InjectionHashAnnotation]!.GetValue<string>();

    public static JsonNode? PodLabels(Dictionary<string, JsonObject> items, string id) => items[id]["spec"]!["template"]!["metadata"]!["labels"];
}
