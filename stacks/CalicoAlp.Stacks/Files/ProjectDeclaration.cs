using System.Collections.Immutable;
using CalicoAlp.Stacks.Config;

namespace CalicoAlp.Stacks.Files;

/// <summary>A config key as Pulumi.yaml declares it.</summary>
public sealed record DeclaredKey(string Name, ConfigType? Type, ConfigType? ItemType, string? Description, string? DefaultText, bool Secret);

/// <summary>What Pulumi.yaml says: the project name, its declared keys, and other namespaces' values.</summary>
public sealed record ProjectDeclaration(
    string Name,
    ImmutableSortedDictionary<string, DeclaredKey> Keys,
    ImmutableSortedDictionary<string, string> OtherNamespaceValues);
