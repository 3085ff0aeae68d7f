using System.Text.Json;
using System.Text.Json.Nodes;
using CalicoAlp.Manifests.IstioControlPlane;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// The Helm values are read back from written JSON (Serialization/JsonTree.cs), so no leaf holds
/// one of System.Text.Json's converters, whose first construction costs the native alp a
/// reflection start-up. A leaf built node by node (values["x"] = "y") would bring that back
/// unseen, as the renders stay the same; this test notices.
/// </summary>
public sealed class JsonTreeTests
{
    private static IEnumerable<JsonValue> Leaves(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Leaves(p.Value)),
        JsonArray array => array.SelectMany(Leaves),
        JsonValue value => [value],
        _ => [],
    };

    public static TheoryData<string> IstioStacks() => TestStacks.Where(s => s.Mode == AlpMode.Istio);

    [Theory]
    [MemberData(nameof(IstioStacks))]
    public void Every_leaf_of_the_helm_values_is_parsed_json(string stack)
    {
        var releases = TestStacks.Plan(stack).Items.Where(i => i.ItemKind == ItemKind.HelmRelease).ToArray();
        Assert.Equal(2, releases.Length);
        foreach (var item in releases)
        {
            var values = ((HelmReleaseSpec)item.Content).Values;
            var leaves = Leaves(values).ToArray();
            Assert.NotEmpty(leaves);
            Assert.All(leaves, leaf => Assert.True(leaf.TryGetValue<JsonElement>(out _), $"{item.Id}: {leaf.GetPath()} was built as a .NET value, not read from JSON"));
        }
    }

    [Fact]
    public void A_leaf_built_as_a_dotnet_value_is_told_apart()
    {
        var built = new JsonObject { ["image"] = "registry.example.com/proxy:1" };
        Assert.False(built["image"]!.AsValue().TryGetValue<JsonElement>(out _));
    }
}
