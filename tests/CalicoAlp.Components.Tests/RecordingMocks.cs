using System.Collections.Concurrent;
using Pulumi.Testing;

namespace CalicoAlp.Components.Tests;

/// <summary>Echoes inputs back as state and records every registration.</summary>
internal sealed class RecordingMocks : IMocks
{
    public ConcurrentQueue<MockResourceArgs> Registered { get; } = new();

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        Registered.Enqueue(args);
        return Task.FromResult<(string?, object)>((string.IsNullOrEmpty(args.Id) ? $"{args.Name}-id" : args.Id, args.Inputs));
    }

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Args);
}
