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

    /// <summary>
    /// Values inside a structure in the forms the Pulumi CLI's YAML decoder (go-yaml v3) reads
    /// differently from the way they look; each case states the CLI's reading, and alp refuses it.
    /// </summary>
    [Theory]
    [InlineData("order: 0700", "'0700' is 448 to the Pulumi CLI")]
    [InlineData("ports: [017]", "'017' is 15 to the Pulumi CLI")]
    [InlineData("order: 0x1F", "'0x1F' is 31 to the Pulumi CLI")]
    [InlineData("order: 0o17", "'0o17' is 15 to the Pulumi CLI")]
    [InlineData("order: 0b101", "'0b101' is 5 to the Pulumi CLI")]
    [InlineData("order: 1_000", "'1_000' is 1000 to the Pulumi CLI")]
    [InlineData("name: 2001-12-14", "'2001-12-14' is a timestamp to the Pulumi CLI")]
    [InlineData("name: 2001-12-14T21:59:43Z", "'2001-12-14T21:59:43Z' is a timestamp to the Pulumi CLI")]
    [InlineData("order: !!str 200", "the tag 'tag:yaml.org,2002:str' is read by the Pulumi CLI's YAML decoder")]
    public void Structured_values_the_Pulumi_CLI_reads_differently_are_refused_with_its_reading(string field, string expect)
    {
        using var project = new ScratchProject();
        project.WriteStack("s", $"config:\n  calico-alp:httpPolicies:\n    - {field}\n");
        var files = Read(project, "s");
        Assert.Contains(files.Errors, e => e.Key == "calico-alp:httpPolicies" && e.Message.Contains(expect, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("order: 700", "700")]
    [InlineData("order: 0", "0")]
    [InlineData("order: -12", "-12")]
    [InlineData("order: \"0700\"", "\"0700\"")]
    [InlineData("name: \"2001-12-14\"", "\"2001-12-14\"")]
    [InlineData("order: 09", "9")]
    public void Structured_values_both_read_alike_pass(string field, string json)
    {
        using var project = new ScratchProject();
        project.WriteStack("s", $"config:\n  calico-alp:httpPolicies:\n    - {field}\n");
        var files = Read(project, "s");
        Assert.Empty(files.Errors);
        Assert.EndsWith($":{json}}}]", files.Config!.Values["calico-alp:httpPolicies"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_set_twice_under_its_short_and_its_full_name_is_refused_naming_both_lines()
    {
        using var project = new ScratchProject();
        project.WriteStack("s", "config:\n  calico-alp:protect: true\n  protect: false\n");
        var files = Read(project, "s");
        Assert.Contains(files.Errors, e => e.Key == "calico-alp:protect"
            && e.Message == "set twice: 'calico-alp:protect' at line 2 and 'protect' at line 3 name the same key; keep one");
    }

    [Fact]
    public void Every_committed_stack_and_example_names_its_kube_context()
    {
        // A stack without one goes wherever the current context points when someone runs pulumi up.
        var files = Directory.GetFiles(RepoPaths.Root, "Pulumi.*.yaml").Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples"), "Pulumi.*.yaml")).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, file =>
        {
            var stack = Path.GetFileNameWithoutExtension(file)["Pulumi.".Length..];
            var config = StackFileReader.Read(Path.Combine(RepoPaths.Root, "Pulumi.yaml"), file, stack).Config!;
            Assert.True(config.Values.TryGetValue("calico-alp:kubeContext", out var context) && context.Text.Length > 0, $"{file} names no kubeContext");
        });
    }
}
