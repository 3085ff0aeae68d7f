using System.Collections.Immutable;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Stacks.Loading;

/// <summary>Either settings, or every error found; never half of each.</summary>
public sealed record LoadResult(StackSettings? Settings, ImmutableArray<ConfigError> Errors)
{
    public bool Ok => Settings is not null && Errors.IsEmpty;

    public static LoadResult Failed(IEnumerable<ConfigError> errors) => new(null, errors.ToImmutableArray());
}
