namespace CalicoAlp.Stacks.Validation;

/// <summary>
/// One problem with a stack's config. <see cref="Key"/> is the key path as a user would type it
/// (<c>calico-alp:namespaces[1].enrolment</c>, or a file name for file-level problems).
/// </summary>
public sealed record ConfigError(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}
