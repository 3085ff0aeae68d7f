using System.Collections.Immutable;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CalicoAlp.Stacks.Files;

/// <summary>The outcome of reading Pulumi.yaml and Pulumi.&lt;stack&gt;.yaml.</summary>
public sealed record StackFiles(RawConfig? Config, ProjectDeclaration? Project, ImmutableArray<ConfigError> Errors)
{
    public bool Ok => Errors.IsEmpty && Config is not null;
}

/// <summary>
/// Reads the project and stack files and merges declared defaults the way the Pulumi engine does:
/// a value in the stack file wins whole; a declared default fills a key the stack does not set.
/// Encrypted values are carried as secrets and never decrypted.
/// </summary>
public static class StackFileReader
{
    private static readonly string[] StackFileKeys = ["config", "encryptedkey", "encryptionsalt", "environment", "secretsprovider"];
    private static readonly string[] DeclarationFields = ["default", "description", "items", "secret", "type", "value"];

    public static string StackFileName(string stack) => $"Pulumi.{stack}.yaml";

    public static StackFiles Read(string projectFile, string stackFile, string stackName)
    {
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        var project = ReadProject(projectFile, errors);
        var stackValues = ReadStack(stackFile, project?.Name ?? ConfigCatalog.ProjectName, errors);
        if (project is null || stackValues is null || errors.Count > 0)
        {
            return new StackFiles(null, project, errors.ToImmutable());
        }

        var merged = new Dictionary<string, RawValue>(stackValues, StringComparer.Ordinal);
        foreach (var (name, declared) in project.Keys)
        {
            var qualified = $"{project.Name}:{name}";
            if (!merged.ContainsKey(qualified) && declared.DefaultText is { } text)
            {
                merged[qualified] = new RawValue(text);
            }
        }

        foreach (var (key, value) in project.OtherNamespaceValues)
        {
            merged.TryAdd(key, new RawValue(value));
        }

        return new StackFiles(RawConfig.Create(stackName, merged), project, []);
    }

    /// <summary>Pulumi.yaml alone: the declared keys and other namespaces' values.</summary>
    public static (ProjectDeclaration? Project, ImmutableArray<ConfigError> Errors) ReadProject(string projectFile)
    {
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        var project = ReadProject(projectFile, errors);
        return (project, errors.ToImmutable());
    }

    /// <summary>Far above any real stack file (the committed ones are under 4 KiB), far below memory trouble.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Nesting that a stack's config never needs, and far below any stack overflow.</summary>
    public const int MaxDepth = 32;

    private static YamlMappingNode? LoadRoot(string path, ImmutableArray<ConfigError>.Builder errors)
    {
        var display = Path.GetFileName(path);
        return StackFileText.Read(path, display, errors) is { } text ? LimitedYaml.LoadMapping(text, display, errors) : null;
    }

    private static ProjectDeclaration? ReadProject(string path, ImmutableArray<ConfigError>.Builder errors)
    {
        var display = Path.GetFileName(path);
        return StackFileText.Read(path, display, errors) is not { } text ? null
            : ParseProject(text, display, errors);
    }

    /// <summary>Pulumi.yaml's text, parsed: the keys it declares, their types and defaults.</summary>
    internal static ProjectDeclaration? ParseProject(string text, string display, ImmutableArray<ConfigError>.Builder errors)
    {
        var root = LimitedYaml.LoadMapping(text, display, errors);
        if (root is null)
        {
            return null;
        }

        var name = (root.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? n as YamlScalarNode : null)?.Value;
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(new ConfigError($"{display}: name", "missing; expected the project name 'calico-alp'"));
            return null;
        }

        var keys = ImmutableSortedDictionary.CreateBuilder<string, DeclaredKey>(StringComparer.Ordinal);
        var others = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (root.Children.TryGetValue(new YamlScalarNode("config"), out var configNode))
        {
            if (configNode is not YamlMappingNode config)
            {
                errors.Add(new ConfigError($"{display}: config", "expected a mapping of config key declarations"));
                return null;
            }

            foreach (var (keyNode, value) in config.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                var ownPrefix = name + ":";
                if (key.Contains(':', StringComparison.Ordinal) && !key.StartsWith(ownPrefix, StringComparison.Ordinal))
                {
                    var declared = value is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("value"), out var v) ? v : value;
                    others[key] = YamlValues.ToRawText(declared);
                    continue;
                }

                var shortName = key.StartsWith(ownPrefix, StringComparison.Ordinal) ? key[ownPrefix.Length..] : key;
                keys[shortName] = ReadDeclaration(display, shortName, value, errors);
            }
        }

        return new ProjectDeclaration(name, keys.ToImmutable(), others.ToImmutable());
    }

    private static DeclaredKey ReadDeclaration(string display, string name, YamlNode node, ImmutableArray<ConfigError>.Builder errors)
    {
        if (node is not YamlMappingNode map)
        {
            // Shorthand: `key: value` declares an untyped key with that default.
            return new DeclaredKey(name, null, null, null, YamlValues.ToRawText(node), false);
        }

        string? Field(string field) =>
            map.Children.TryGetValue(new YamlScalarNode(field), out var v) && v is YamlScalarNode s ? s.Value : null;

        foreach (var field in ScalarKeys(map))
        {
            if (!DeclarationFields.Contains(field))
            {
                errors.Add(new ConfigError($"{display}: config.{name}.{field}",
                    $"unknown declaration field; allowed: {string.Join(", ", DeclarationFields)}{Suggestions.Hint(field, DeclarationFields)}"));
            }
        }

        var type = Field("type") is { } t ? ConfigTypeNames.FromSchemaName(t) : null;
        ConfigType? itemType = null;
        if (map.Children.TryGetValue(new YamlScalarNode("items"), out var items) && items is YamlMappingNode itemMap
            && itemMap.Children.TryGetValue(new YamlScalarNode("type"), out var it) && it is YamlScalarNode itemScalar)
        {
            itemType = ConfigTypeNames.FromSchemaName(itemScalar.Value ?? string.Empty);
        }

        var defaultText = map.Children.TryGetValue(new YamlScalarNode("default"), out var d) ? YamlValues.ToRawText(d) : null;
        return new DeclaredKey(name, type, itemType, Field("description"), defaultText, Field("secret") == "true");
    }

    private static Dictionary<string, RawValue>? ReadStack(string path, string projectName, ImmutableArray<ConfigError>.Builder errors)
    {
        var root = LoadRoot(path, errors);
        if (root is null)
        {
            return null;
        }

        var display = Path.GetFileName(path);
        foreach (var key in ScalarKeys(root))
        {
            if (!StackFileKeys.Contains(key))
            {
                errors.Add(new ConfigError($"{display}: {key}",
                    $"unknown top-level key; allowed: {string.Join(", ", StackFileKeys)}{Suggestions.Hint(key, StackFileKeys)}"));
            }
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("config"), out var configNode) || configNode is not YamlMappingNode config)
        {
            errors.Add(new ConfigError($"{display}: config", "missing or not a mapping; expected 'config:' with the stack's values"));
            return null;
        }

        var values = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        var written = new Dictionary<string, (string Key, long Line)>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in config.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            var qualified = key.Contains(':', StringComparison.Ordinal) ? key : $"{projectName}:{key}";
            // `protect` and `calico-alp:protect` name one key; which one wins is not for a reader to guess.
            if (written.TryGetValue(qualified, out var first))
            {
                errors.Add(new ConfigError(qualified,
                    $"set twice: '{first.Key}' at line {first.Line} and '{key}' at line {keyNode.Start.Line} name the same key; keep one"));
                continue;
            }

            written[qualified] = (key, keyNode.Start.Line);
            if (YamlValues.IsSecure(value, out var cipher))
            {
                if (cipher is YamlScalarNode { Value: { Length: > 0 } })
                {
                    values[qualified] = RawValue.Secret();
                }
                else
                {
                    errors.Add(new ConfigError(qualified,
                        "'secure' holds no ciphertext; expected the text `pulumi config set --secret` writes there (the Pulumi CLI cannot decrypt anything else)"));
                }
            }
            else if (YamlValues.ContainsSecure(value))
            {
                errors.Add(new ConfigError(qualified,
                    "an encrypted value inside a structured value is not supported; put secrets in their own top-level key (registryPassword)"));
            }
            else
            {
                try
                {
                    values[qualified] = new RawValue(YamlValues.ToRawText(value), IsStructured: value is not YamlScalarNode);
                }
                catch (YamlException e)
                {
                    errors.Add(new ConfigError(qualified, e.Message));
                }
            }
        }

        return values;
    }

    /// <summary>A mapping's plain keys' texts.</summary>
    private static IEnumerable<string> ScalarKeys(YamlMappingNode map) =>
        map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty);
}
