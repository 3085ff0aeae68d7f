using YamlDotNet.RepresentationModel;

namespace CalicoAlp.Tests.Support;

/// <summary>One bad configuration: the stack file, the key path the error must name, and a phrase it must contain.</summary>
public sealed record BadConfig(string Name, string Key, string Expect, string Stack)
{
    public override string ToString() => Name;
}

/// <summary>Reads tests/data/bad-configs.yaml, shared by the loader tests and the CLI tests.</summary>
internal static class BadConfigCorpus
{
    public static IReadOnlyList<BadConfig> All { get; } = Load();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static BadConfig Get(string name) => All.Single(c => c.Name == name);

    private static List<BadConfig> Load()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepoPaths.Data("bad-configs.yaml"))));
        var result = new List<BadConfig>();
        foreach (var node in ((YamlSequenceNode)stream.Documents[0].RootNode).Children.Cast<YamlMappingNode>())
        {
            string Field(string name) => ((YamlScalarNode)node.Children[new YamlScalarNode(name)]).Value!;
            result.Add(new BadConfig(Field("name"), Field("key"), Field("expect"), Field("stack")));
        }

        return result;
    }
}
