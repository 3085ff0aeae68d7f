using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Pulumi.Testing;

namespace CalicoAlp.Components.Tests;

/// <summary>
/// Echoes inputs back as state and records every registration. An image build also reports the
/// reference a registry push would: its first tag at a digest derived from that tag.
/// </summary>
internal sealed class RecordingMocks : IMocks
{
    public const string ImageType = "docker-build:index:Image";

    public ConcurrentQueue<MockResourceArgs> Registered { get; } = new();

    public static string BuiltReference(string tag) =>
        $"{tag}@sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tag)))}";

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        Registered.Enqueue(args);
        object state = args.Inputs;
        if (args.Type == ImageType && args.Inputs.TryGetValue("tags", out var tags) && tags is ImmutableArray<object> list)
        {
            var reference = BuiltReference((string)list[0]);
            state = args.Inputs.SetItem("ref", reference).SetItem("digest", reference[(reference.IndexOf('@', StringComparison.Ordinal) + 1)..]);
        }

        return Task.FromResult<(string?, object)>((string.IsNullOrEmpty(args.Id) ? $"{args.Name}-id" : args.Id, state));
    }

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Args);
}
