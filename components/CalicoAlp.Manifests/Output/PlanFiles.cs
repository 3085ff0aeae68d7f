using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.Serialization;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.Output;

/// <summary>
/// The files `alp render` writes for a Plan: one YAML file per object, Helm release specs under
/// helm/, image references under images/, and plan.json. Pure: same Plan, same bytes.
/// </summary>
public static class PlanFiles
{
    public const string PlanJson = "plan.json";

    /// <summary>Well under the 255 bytes most file systems allow in one name, with room for the suffix.</summary>
    public const int MaxFileNameLength = 160;

    /// <summary>From this many items on, the files render in parallel (build/bench.sh render measures both sides).</summary>
    public const int ParallelRenderThreshold = 200;

    public static string PathOf(PlanItem item) => item.ItemKind switch
    {
        ItemKind.HelmRelease => $"helm/{FileName(item.Name)}",
        ItemKind.ImageBuild => $"images/{FileName(item.Name)}",
        _ => $"{item.Concern.Kebab()}/{FileName(item.Id)}",
    };

    /// <summary>
    /// The item's id as a file name; a legal object name can be 253 characters, so a long one keeps
    /// its start and gets a stable hash of the whole id (plan.json records the name used).
    /// </summary>
    private static string FileName(string stem)
    {
        if (stem.Length + ".yaml".Length <= MaxFileNameLength)
        {
            return stem + ".yaml";
        }

        var hash = Hashing.Sha256Hex(stem, 16);
        return $"{stem[..(MaxFileNameLength - ".yaml".Length - hash.Length - 1)]}-{hash}.yaml";
    }

    public static ImmutableArray<RenderedFile> Render(Plan plan)
    {
        // Each file depends on its item alone, so a large plan renders on every core, each file into
        // its own slot: the result does not depend on scheduling, and the list is sorted by path below
        // anyway. A small plan renders on this thread: starting the thread pool costs a short process
        // more than the work it would share out.
        var rendered = new RenderedFile[plan.Items.Length];
        if (rendered.Length >= ParallelRenderThreshold)
        {
            Parallel.For(0, rendered.Length, i => rendered[i] = RenderItem(plan.Items[i]));
        }
        else
        {
            for (var i = 0; i < rendered.Length; i++)
            {
                rendered[i] = RenderItem(plan.Items[i]);
            }
        }

        var files = rendered.ToList();

        var refs = new JsonObject { ["dikastes"] = StackOutputs.DikastesImage(plan) };
        if (plan.Settings.Mode == AlpMode.Istio)
        {
            refs["proxy"] = plan.Images.Proxy ?? "chart default (docker.io/istio/proxyv2, tag = istioVersion)";
            refs["istiod"] = plan.Images.Istiod ?? "chart default (docker.io/istio/pilot, tag = istioVersion)";
        }

        refs["injectionHash"] = plan.InjectionHash;
        files.Add(new RenderedFile("images/refs.yaml", YamlWriter.Write(refs)));
        files.Add(new RenderedFile(PlanJson, PlanJsonText(plan)));
        return [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    private static RenderedFile RenderItem(PlanItem item)
    {
        using var body = Canonical.ToDocument(item.Content);
        return new RenderedFile(PathOf(item), Header(item) + YamlWriter.Write(body.RootElement));
    }

    /// <summary>
    /// A reviewer must not mistake a patch for a whole object, or a chart spec for the chart's
    /// objects: the files say which they are (YAML comments, so they read back unchanged).
    /// </summary>
    private static string Header(PlanItem item) => item switch
    {
        { ItemKind: ItemKind.HelmRelease } =>
            "# chart spec: pulumi up installs this Helm chart as a Pulumi Helm v4 Chart; the objects it renders are not listed here\n",
        { ItemKind: ItemKind.ImageBuild } => "# image build spec: pulumi up builds and pushes this image with Docker Build\n",
        { Ownership: Ownership.Patch } =>
            "# patch: server-side apply of only these fields to an object the stack does not own; destroy gives them back\n",
        _ => string.Empty,
    };

    /// <summary>plan.json: every item with its ownership, dependencies and file, indented.</summary>
    public static string PlanJsonText(Plan plan) =>
        JsonSerializer.Serialize(new PlanJson(plan.Settings.StackName, ConfigSpellings.Modes.Spell(plan.Settings.Mode), plan.InjectionHash,
            [.. plan.Items.Select(i => new PlanJsonItem(i.Id, i.Concern.ToString(), i.Ownership.Text(), i.ApiVersion, i.Kind, i.Namespace, i.Name,
                [.. i.DependencyNames], PathOf(i), i.Policy.Protect, i.Policy.RetainOnDelete))]), PlanJsonContext.Indented.PlanJson) + "\n";
}

/// <summary>The plan.json document (docs/plan.schema.json).</summary>
public sealed record PlanJson(string Stack, string Mode, string InjectionHash, ImmutableArray<PlanJsonItem> Items);

/// <summary>One item of plan.json; a cluster-scoped item's namespace is null.</summary>
public sealed record PlanJsonItem(string Id, string Concern, string Ownership, string ApiVersion, string Kind, string? Namespace, string Name,
    ImmutableArray<string> Dependencies, string File, bool Protect, bool RetainOnDelete);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, NewLine = "\n")]
[JsonSerializable(typeof(PlanJson))]
internal sealed partial class PlanJsonContext : JsonSerializerContext
{
    public static PlanJsonContext Indented { get; } = new(ReportJson.Options());
}
