using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Stacks.Tests;

public sealed class StackFileReaderTests
{
    private static StackFiles Read(ScratchProject project, string stack) =>
        StackFileReader.Read(Path.Combine(project.Directory, "Pulumi.yaml"), Path.Combine(project.Directory, "Pulumi.s.yaml"), "s");

    [Fact]
    public void Declared_defaults_fill_keys_the_stack_does_not_set_and_stack_values_win()
    {
        using var project = new ScratchProject();
        project.WriteStack("s", "config:\n  calico-alp:istioMtlsMode: PERMISSIVE\n");
        var files = Read(project, "s");

        Assert.True(files.Ok);
        Assert.Equal("PERMISSIVE", files.Config!.Values["calico-alp:istioMtlsMode"].Text);
        Assert.Equal("closed", files.Config.Values["calico-alp:authzFailureMode"].Text);
        Assert.Equal("200", files.Config.Values["calico-alp:authzTimeoutMs"].Text);
        Assert.Equal("[]", files.Config.Values["calico-alp:namespaces"].Text);
    }

    [Fact]
    public void Unqualified_keys_belong_to_the_project_and_other_namespaces_pass_through()
    {
        using var project = new ScratchProject();
        project.WriteStack("s", "config:\n  mode: enterprise\n  kubernetes:context: kind-alp\n");
        var files = Read(project, "s");

        Assert.Equal("enterprise", files.Config!.Values["calico-alp:mode"].Text);
        Assert.Equal("kind-alp", files.Config.Values["kubernetes:context"].Text);
    }

    [Fact]
    public void Structured_values_reach_the_program_as_compact_json_with_typed_scalars()
    {
        using var project = new ScratchProject();
        project.WriteStack("s", "config:\n  calico-alp:namespaces:\n    - name: demo\n      workloads: [web, \"42\"]\n      extra: 7\n");
        var files = Read(project, "s");

        Assert.Equal("[{\"extra\":7,\"name\":\"demo\",\"workloads\":[\"web\",\"42\"]}]", files.Config!.Values["calico-alp:namespaces"].Text);
    }

    [Fact]
    public void Encrypted_values_are_carried_as_secrets_and_their_ciphertext_never_leaves_the_reader()
    {
        using var project = new ScratchProject();
        project.WriteStack("s", "config:\n  calico-alp:registryPassword:\n    secure: v1:c2VjcmV0LWNpcGhlcg==\n");
        var files = Read(project, "s");

        var value = files.Config!.Values["calico-alp:registryPassword"];
        Assert.True(value.IsSecret);
        Assert.Equal(string.Empty, value.Text);
        Assert.Equal("[secret]", value.ToString());
        Assert.DoesNotContain(files.Config.Values.Values, v => v.Text.Contains("c2VjcmV0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("")]
    [InlineData("{a: b}")]
    public void A_secure_value_without_ciphertext_is_refused(string cipher)
    {
        using var project = new ScratchProject();
        project.WriteStack("s", $"config:\n  calico-alp:registryPassword:\n    secure: {cipher}\n");
        var files = Read(project, "s");
        Assert.Contains(files.Errors, e => e.Key == "calico-alp:registryPassword" && e.Message.StartsWith("'secure' holds no ciphertext", StringComparison.Ordinal));
    }

    [Fact]
    public void An_encrypted_value_inside_a_structure_is_refused()
    {
        using var project = new ScratchProject();
        project.WriteStack("s", "config:\n  calico-alp:dikastesResources:\n    requests:\n      secure: v1:abc\n");
        var files = Read(project, "s");
        Assert.Contains(files.Errors, e => e.Key == "calico-alp:dikastesResources" && e.Message.Contains("top-level key", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("   \n\n", "the file is empty")]
    [InlineData("config: [unclosed", "malformed YAML at line 2")]
    [InlineData("config:\n  a: 1\n   b: 2\n", "malformed YAML")]
    [InlineData("- just\n- a list\n", "expected a YAML mapping at the top level")]
    [InlineData("encryptionsalt: abc\n", "missing or not a mapping")]
    [InlineData("conifg:\n  calico-alp:mode: istio\n", "did you mean 'config'")]
    [InlineData("config:\n  calico-alp:mode: istio\n  calico-alp:mode: enterprise\n", "malformed YAML")]
    public void Broken_stack_files_give_one_clear_error_naming_the_file(string text, string expect)
    {
        using var project = new ScratchProject();
        project.WriteStack("s", text);
        var files = Read(project, "s");

        Assert.False(files.Ok);
        Assert.Contains(files.Errors, e => e.Key.StartsWith("Pulumi.s.yaml", StringComparison.Ordinal) && e.Message.Contains(expect, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_stack_file_is_an_error_naming_it()
    {
        using var project = new ScratchProject();
        var files = Read(project, "s");
        Assert.Contains(files.Errors, e => e.Key == "Pulumi.s.yaml" && e.Message.Contains("file not found", StringComparison.Ordinal));
    }

    [Fact]
    public void Booleans_are_normalised_as_the_engine_does_but_quoted_strings_stay_strings()
    {
        using var project = new ScratchProject();
        project.WriteStack("s", "config:\n  calico-alp:protect: True\n  calico-alp:dikastesDebug: \"True\"\n");
        var values = Read(project, "s").Config!.Values;
        Assert.Equal("true", values["calico-alp:protect"].Text);
        Assert.Equal("True", values["calico-alp:dikastesDebug"].Text);
    }
}
