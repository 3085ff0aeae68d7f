using Pulumi.Testing;

namespace CalicoAlp.Bench;

/// <summary>Echoes inputs back as state, as the engine would for a created resource, and counts registrations.</summary>
internal sealed class EchoMocks : IMocks
{
    private int _count;

    public int Count => _count;

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        Interlocked.Increment(ref _count);
        return Task.FromResult<(string?, object)>((args.Name + "-id", args.Inputs));
    }

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Args);
}
