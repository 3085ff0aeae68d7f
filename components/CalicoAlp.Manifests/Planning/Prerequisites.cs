using System.Collections.Immutable;

namespace CalicoAlp.Manifests.Planning;

/// <summary>
/// What must be in place before a workload restarts: single items by id, and whole concerns
/// (every authorization service, every HTTP policy), each named once.
/// </summary>
public sealed record Prerequisites(ImmutableArray<string> Items, ImmutableArray<Concern> Concerns);
