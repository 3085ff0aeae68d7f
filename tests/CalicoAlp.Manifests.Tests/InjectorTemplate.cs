using System.Text.Json.Nodes;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

/// <summary>Reads the parts of a rendered dikastes injection template the tests look at.</summary>
internal static class InjectorTemplate
{
    /// <summary>The Dikastes container: a native sidecar, so an init container of the overlay.</summary>
    public static JsonNode Dikastes(JsonNode template) =>
        template["spec"]!["initContainers"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "dikastes")!;

    public static JsonNode Dikastes(string template) => Dikastes(YamlJson.Single(template)!);
}
