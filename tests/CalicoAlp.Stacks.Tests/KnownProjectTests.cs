using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Stacks.Validation;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Stacks.Tests;

/// <summary>
/// The committed Pulumi.yaml's declaration, compiled in (Files/KnownProject.Declaration.g.cs): it
/// must be exactly what parsing that text gives, be used only for that text, and be regenerated
/// whenever Pulumi.yaml changes (ALP_UPDATE_GOLDEN=1 rewrites it; review the diff).
/// </summary>
public sealed class KnownProjectTests
{
    private static readonly string ProjectFile = Path.Combine(RepoPaths.Root, "Pulumi.yaml");
    private static readonly string Generated = Path.Combine(RepoPaths.Root, "stacks", "CalicoAlp.Stacks", "Files", "KnownProject.Declaration.g.cs");

    private static ProjectDeclaration Parsed(string text)
    {
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        var parsed = StackFileReader.ParseProject(text, "Pulumi.yaml", errors);
        Assert.Empty(errors);
        return Assert.IsType<ProjectDeclaration>(parsed);
    }

    [Fact]
    public void The_compiled_declaration_is_generated_from_the_committed_pulumi_yaml()
    {
        var text = File.ReadAllText(ProjectFile);
        var expected = Source(Parsed(text), text);
        if (Environment.GetEnvironmentVariable("ALP_UPDATE_GOLDEN") == "1")
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "ALP_UPDATE_GOLDEN is refused under CI=true");
            File.WriteAllText(Generated, expected);
            Assert.Fail("KnownProject.Declaration.g.cs was rewritten; rebuild, review the diff, then run again without ALP_UPDATE_GOLDEN");
        }

        Assert.True(File.ReadAllText(Generated) == expected,
            "Pulumi.yaml changed since KnownProject.Declaration.g.cs was generated: run the Stacks tests once with ALP_UPDATE_GOLDEN=1");
    }

    [Fact]
    public void The_committed_text_gets_exactly_what_parsing_it_gives()
    {
        var text = File.ReadAllText(ProjectFile);
        Assert.Equal(text, KnownProject.CommittedText());
        Assert.Equal(File.ReadAllBytes(ProjectFile), Encoding.UTF8.GetBytes(KnownProject.CommittedText()));
        var known = KnownProject.For(text);
        Assert.NotNull(known);
        var parsed = Parsed(text);
        Assert.Equal(parsed.Name, known.Name);
        Assert.Equal(parsed.Keys.ToArray(), known.Keys.ToArray());
        Assert.Equal(parsed.OtherNamespaceValues.ToArray(), known.OtherNamespaceValues.ToArray());
        // And the reader takes it: the same declaration through the public entry point.
        var (read, errors) = StackFileReader.ReadProject(ProjectFile);
        Assert.Empty(errors);
        Assert.Equal(known.Keys.ToArray(), read!.Keys.ToArray());
    }

    [Fact]
    public void Text_no_file_could_hold_is_not_the_committed_text_even_at_the_same_length()
    {
        var text = File.ReadAllText(ProjectFile);
        var at = text.IndexOf("calico-alp", StringComparison.Ordinal) + 9;
        var broken = string.Concat(text.AsSpan(0, at), "\uD800", text.AsSpan(at + 1));
        Assert.Equal(text.Length, broken.Length);
        Assert.Null(KnownProject.For(broken));
        Assert.NotNull(KnownProject.For(text));
    }

    [Theory]
    [InlineData("name: calico-alp", "name: calico-alq")]
    [InlineData("    default: production", "    default: productiom")]
    [InlineData("\n", "\r\n")]
    public void Any_other_text_is_parsed_even_at_the_same_length(string from, string to)
    {
        var text = File.ReadAllText(ProjectFile);
        Assert.Contains(from, text, StringComparison.Ordinal);
        var changed = text.Replace(from, to, StringComparison.Ordinal);
        Assert.Null(KnownProject.For(changed));
        Assert.Null(KnownProject.For(text + "\n"));

        // Through the reader, the change is what the file says, not the compiled declaration.
        var folder = Directory.CreateTempSubdirectory("alp-known-project-");
        try
        {
            var path = Path.Combine(folder.FullName, "Pulumi.yaml");
            File.WriteAllText(path, changed);
            var (read, _) = StackFileReader.ReadProject(path);
            var fresh = StackFileReader.ParseProject(changed, "Pulumi.yaml", ImmutableArray.CreateBuilder<ConfigError>());
            Assert.Equal(fresh?.Name, read?.Name);
            Assert.Equal(fresh?.Keys.ToArray(), read?.Keys.ToArray());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The C# of the compiled declaration, deterministic: keys in their sorted order, every string a
    /// C# literal, and the file's text as UTF-8 literals, one per line, so a change to Pulumi.yaml
    /// shows in the generated file's diff as the lines that changed.
    /// </summary>
    private static string Source(ProjectDeclaration project, string text)
    {
        static string Literal(string? text)
        {
            if (text is null)
            {
                return "null";
            }

            var builder = new StringBuilder("\"");
            foreach (var c in text)
            {
                builder.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ when c < ' ' || c > '~' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                    _ => c.ToString(),
                });
            }

            return builder.Append('"').ToString();
        }

        static string Type(Config.ConfigType? type) => type is { } t ? $"global::CalicoAlp.Stacks.Config.ConfigType.{t}" : "null";
        var source = new StringBuilder();
        source.Append("""
            // <auto-generated>
            // Pulumi.yaml's declaration, from KnownProjectTests (ALP_UPDATE_GOLDEN=1); reviewed like a golden file.
            // </auto-generated>
            namespace CalicoAlp.Stacks.Files;

            internal static partial class KnownProject
            {

            """);
        source.Append(CultureInfo.InvariantCulture, $"    private const int CommittedLength = {text.Length};\n\n");
        source.Append("    private static global::System.ReadOnlySpan<byte> CommittedBytes =>\n");
        var pieces = new List<string>();
        for (var start = 0; start < text.Length;)
        {
            var end = text.IndexOf('\n', start) is var newline and >= 0 ? newline + 1 : text.Length;
            pieces.Add($"        {Literal(text[start..end])}u8");
            start = end;
        }

        source.Append(string.Join(" +\n", pieces)).Append(";\n\n");
        source.Append("    private static ProjectDeclaration Declaration() => new(\n");
        source.Append(CultureInfo.InvariantCulture, $"        {Literal(project.Name)},\n");
        source.Append("        global::System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(global::System.StringComparer.Ordinal, new global::System.Collections.Generic.KeyValuePair<string, DeclaredKey>[]\n        {\n");
        foreach (var (name, key) in project.Keys)
        {
            source.Append(CultureInfo.InvariantCulture,
                $"            new({Literal(name)}, new({Literal(key.Name)}, {Type(key.Type)}, {Type(key.ItemType)}, {Literal(key.Description)}, {Literal(key.DefaultText)}, {(key.Secret ? "true" : "false")})),\n");
        }

        source.Append("        }),\n");
        source.Append("        global::System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(global::System.StringComparer.Ordinal, new global::System.Collections.Generic.KeyValuePair<string, string>[]\n        {\n");
        foreach (var (key, value) in project.OtherNamespaceValues)
        {
            source.Append(CultureInfo.InvariantCulture, $"            new({Literal(key)}, {Literal(value)}),\n");
        }

        source.Append("        }));\n}\n");
        return source.ToString();
    }
}
