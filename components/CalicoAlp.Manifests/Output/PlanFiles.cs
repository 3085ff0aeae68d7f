using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.Serialization;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.Output;

/// <summary>
/// The files `alp render` writes for a Plan: one YAML file per object, Helm release specs under
/// helm/, image references under images/, and plan.json. Pure: same Plan, same bytes.
/// </summary>
public static class PlanFiles
{
    public const string PlanJson = "plan.json";

    public static string PathOf(PlanItem item) => item.ItemKind switch
    {
        ItemKind.HelmRelease => $"helm/{item.Name}.yaml",
        ItemKind.ImageBuild => $"images/{item.Name}.yaml",
        _ => $"{item.Concern.Kebab()}/{item.Id}.yaml",
    };

    public static ImmutableArray<RenderedFile> Render(Plan plan)
    {
        var files = new List<RenderedFile>();
        foreach (var item in plan.Items)
        {
            files.Add(new RenderedFile(PathOf(item), YamlWriter.Write(item.Body())));
        }

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

    public static string PlanJsonText(Plan plan)
    {
        var items = new JsonArray();
        foreach (var item in plan.Items)
        {
            items.Add(new JsonObject
            {
                ["id"] = item.Id,
                ["concern"] = item.Concern.ToString(),
                ["ownership"] = item.Ownership.Text(),
                ["apiVersion"] = item.ApiVersion,
                ["kind"] = item.Kind,
                ["namespace"] = item.Namespace,
                ["name"] = item.Name,
                ["dependencies"] = new JsonArray([.. item.DependencyNames.Select(d => (JsonNode)d)]),
                ["file"] = PathOf(item),
                ["protect"] = item.Policy.Protect,
                ["retainOnDelete"] = item.Policy.RetainOnDelete,
            });
        }

        var root = new JsonObject
        {
            ["stack"] = plan.Settings.StackName,
            ["mode"] = ConfigSpellings.Modes.Spell(plan.Settings.Mode),
            ["injectionHash"] = plan.InjectionHash,
            ["items"] = items,
        };
        return Canonical.Indented(root) + "\n";
    }
}
