using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Stacks.Tests;

/// <summary>Pulumi.yaml and the key catalogue must say the same thing, or the two entry points disagree.</summary>
public sealed class ProjectFileTests
{
    private static ProjectDeclaration Project()
    {
        var files = StackFileReader.Read(Path.Combine(RepoPaths.Root, "Pulumi.yaml"), Path.Combine(RepoPaths.Root, "Pulumi.dev.yaml"), "dev");
        Assert.True(files.Ok, string.Join("\n", files.Errors));
        return files.Project!;
    }

    [Fact]
    public void Pulumi_yaml_declares_every_non_secret_key_with_the_catalogue_type_and_default()
    {
        var project = Project();
        Assert.Equal(ConfigCatalog.ProjectName, project.Name);
        foreach (var key in ConfigCatalog.Keys.Where(k => k.DeclaredInProject))
        {
            Assert.True(project.Keys.TryGetValue(key.Name, out var declared), $"{key.Name} is not declared in Pulumi.yaml");
            Assert.Equal(key.Type, declared.Type);
            Assert.Equal(key.DefaultText, declared.DefaultText);
            Assert.Equal(key.ItemType, declared.ItemType);
            Assert.Equal(key.Description, declared.Description);
            Assert.False(string.IsNullOrWhiteSpace(declared.Description));
        }
    }

    [Fact]
    public void Pulumi_yaml_declares_no_key_the_program_does_not_know_and_no_secret()
    {
        var project = Project();
        foreach (var name in project.Keys.Keys)
        {
            var key = ConfigCatalog.Find(name);
            Assert.NotNull(key);
            Assert.False(key.Secret, $"{name} is secret; the engine would demand it in every stack");
        }
    }

    [Fact]
    public void Pulumi_yaml_disables_the_default_kubernetes_provider()
    {
        Assert.Equal("[\"kubernetes\"]", Project().OtherNamespaceValues["pulumi:disable-default-providers"]);
    }

    [Fact]
    public void Array_keys_declare_their_item_type_as_the_engine_requires()
    {
        Assert.All(ConfigCatalog.Keys.Where(k => k.Type == ConfigType.Array), k => Assert.NotNull(k.ItemType));
    }
}
