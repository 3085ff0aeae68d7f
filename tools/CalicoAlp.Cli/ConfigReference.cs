using System.Globalization;
using System.Text;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Files;

namespace CalicoAlp.Cli;

/// <summary>The configuration reference, generated from the config schema Pulumi.yaml declares.</summary>
internal static class ConfigReference
{
    public static string For(ProjectDeclaration project)
    {
        var text = new StringBuilder();
        text.Append("# Configuration reference\n\n")
            .Append("Generated from the `config:` schema in `Pulumi.yaml` by `alp config-reference`; a test fails when it is\n")
            .Append("out of date (regenerate with `./build/update-docs.sh`). Set values with\n")
            .Append("`pulumi config set --stack <stack> <key> <value>`; structured values with `--path`.\n\n")
            .Append("| key | type | default | description |\n|---|---|---|---|\n");
        foreach (var (name, key) in project.Keys)
        {
            var type = key.Type is { } t ? t.ToSchemaName() + (key.ItemType is { } i ? $" of {i.ToSchemaName()}" : string.Empty) : "untyped";
            var defaultText = key.DefaultText switch
            {
                null => "(required)",
                "" => "empty",
                var d => $"`{d}`",
            };
            text.Append(CultureInfo.InvariantCulture, $"| `{project.Name}:{name}` | {type} | {defaultText} | {Cell(key.Description)} |\n");
        }

        text.Append('\n');
        foreach (var secret in ConfigCatalog.Keys.Where(k => k.Secret))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"`{project.Name}:{secret.Name}` is a secret and not declared (the engine would then demand it in every stack): {Cell(secret.Description)}\n");
        }

        text.Append("\nOther namespaces set by `Pulumi.yaml`:\n\n");
        foreach (var (key, value) in project.OtherNamespaceValues)
        {
            text.Append(CultureInfo.InvariantCulture, $"- `{key}`: `{value}`\n");
        }

        return text.ToString();
    }

    private static string Cell(string? text) => (text ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal);
}
