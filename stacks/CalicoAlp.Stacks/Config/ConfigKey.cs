namespace CalicoAlp.Stacks.Config;

/// <summary>
/// One project config key. <see cref="DefaultText"/> is the default in the exact string form the
/// Pulumi engine hands to a program (scalars as text, arrays and objects as compact JSON).
/// </summary>
public sealed record ConfigKey(
    string Name,
    ConfigType Type,
    string DefaultText,
    string Description,
    ConfigType? ItemType = null,
    bool Secret = false,
    bool IstioSetting = false,
    bool EnterpriseSetting = false)
{
    /// <summary>Secret keys are not declared in Pulumi.yaml: the engine requires a declared secret to be set.</summary>
    public bool DeclaredInProject => !Secret;
}
