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
        if (ReadText(path, display, errors) is not { } text)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new ConfigError(display, "the file is empty; expected a YAML mapping with a 'config:' section"));
            return null;
        }

        try
        {
            // Limits first, on the event stream, before any node tree exists: no aliases (a stack's
            // config has no use for them, and "billion laughs" expansions or self-references would
            // otherwise cost gigabytes or the whole stack), and a small nesting depth.
            var parser = new Parser(new StringReader(text));
            // Per open collection: is it a mapping, and is its next node a key. Its count is the nesting depth.
            var frames = new Stack<(bool Mapping, bool ExpectKey)>();
            void Advance()
            {
                if (frames.TryPop(out var frame))
                {
                    frames.Push(frame.Mapping ? (true, !frame.ExpectKey) : frame);
                }
            }

            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var collection = current is YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart;
                var problem =
                    collection && frames.TryPeek(out var open) && open.Mapping && open.ExpectKey ? "a mapping key must be a plain string, not a list or a mapping"
                    : current is YamlDotNet.Core.Events.AnchorAlias alias ? $"aliases (*{alias.Value}) are not allowed in a stack file; write the value out"
                    : current is YamlDotNet.Core.Events.NodeEvent { Anchor.IsEmpty: false } anchored ? $"anchors (&{anchored.Anchor}) are not allowed in a stack file; write the value out"
                    : null;
                if (collection && problem is null)
                {
                    var mapping = current is YamlDotNet.Core.Events.MappingStart;
                    frames.Push((mapping, mapping));
                    problem = frames.Count > MaxDepth ? $"nested deeper than {MaxDepth} levels, the most a stack file may nest" : null;
                }
                else if (current is YamlDotNet.Core.Events.Scalar)
                {
                    Advance();
                }
                else if (current is YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd)
                {
                    frames.TryPop(out _);
                    Advance();
                }

                if (problem is not null)
                {
                    errors.Add(new ConfigError(display, $"line {current.Start.Line}: {problem}"));
                    return null;
                }
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1)
            {
                errors.Add(new ConfigError(display, $"expected exactly one YAML document, found {stream.Documents.Count}"));
                return null;
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                errors.Add(new ConfigError(display, "expected a YAML mapping at the top level"));
                return null;
            }

            return root;
        }
        catch (YamlException e)
        {
            errors.Add(new ConfigError(display, $"malformed YAML at line {e.Start.Line}, column {e.Start.Column}: {Innermost(e).Message}"));
            return null;
        }
    }

    /// <summary>A file of bounded size in valid UTF-8; anything else is a named error, never an exhausted memory or a crash.</summary>
    private static string? ReadText(string path, string display, ImmutableArray<ConfigError>.Builder errors)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
        {
            errors.Add(new ConfigError(display, $"'{path}' is a link to a file that does not exist"));
            return null;
        }

        if (!info.Exists)
        {
            errors.Add(new ConfigError(display, Directory.Exists(path) ? $"'{path}' is a folder, not a stack file" : $"file not found at '{path}'"));
            return null;
        }

        // Read at most one byte past the limit: a device such as /dev/zero reports no length and never ends.
        var buffer = new byte[MaxFileBytes + 1];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan))
        {
            read = 0;
            int n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
            {
                read += n;
            }
        }

        if (read > MaxFileBytes)
        {
            errors.Add(new ConfigError(display, $"larger than a stack file may be ({MaxFileBytes} bytes)"));
            return null;
        }

        var bytes = buffer.AsSpan(0, read);
        for (var at = 0; at < bytes.Length;)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var length) != System.Buffers.OperationStatus.Done)
            {
                errors.Add(new ConfigError(display, $"line {1 + bytes[..at].Count((byte)'\n')}: not valid UTF-8; save the file as UTF-8"));
                return null;
            }

            at += length;
        }

        return System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private static ProjectDeclaration? ReadProject(string path, ImmutableArray<ConfigError>.Builder errors)
    {
        var root = LoadRoot(path, errors);
        if (root is null)
        {
            return null;
        }

        var display = Path.GetFileName(path);
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

        foreach (var field in map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty))
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
        foreach (var key in root.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty))
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
        foreach (var (keyNode, value) in config.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            var qualified = key.Contains(':', StringComparison.Ordinal) ? key : $"{projectName}:{key}";
            if (YamlValues.IsSecure(value, out _))
            {
                values[qualified] = RawValue.Secret();
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
                    values[qualified] = new RawValue(YamlValues.ToRawText(value));
                }
                catch (YamlException e)
                {
                    errors.Add(new ConfigError(qualified, e.Message));
                }
            }
        }

        return values;
    }
}
