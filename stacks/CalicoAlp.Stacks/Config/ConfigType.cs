namespace CalicoAlp.Stacks.Config;

/// <summary>The value types Pulumi's project config schema knows.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members mirror Pulumi's config schema type names.")]
public enum ConfigType
{
    String,
    Boolean,
    Integer,
    Array,
    Object,
}

public static class ConfigTypeNames
{
    public static string ToSchemaName(this ConfigType type) => type switch
    {
        ConfigType.String => "string",
        ConfigType.Boolean => "boolean",
        ConfigType.Integer => "integer",
        ConfigType.Array => "array",
        ConfigType.Object => "object",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static ConfigType? FromSchemaName(string name) => name switch
    {
        "string" => ConfigType.String,
        "boolean" => ConfigType.Boolean,
        "integer" => ConfigType.Integer,
        "array" => ConfigType.Array,
        "object" => ConfigType.Object,
        _ => null,
    };
}
