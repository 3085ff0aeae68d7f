using System.Collections.Concurrent;
using System.Collections.Immutable;
using PlatformExample;
using Pulumi;
using Pulumi.Testing;

namespace CalicoAlp.Examples.Tests;

/// <summary>The C# example (examples/csharp) under Pulumi's mocks: its own resources, then ALP for them.</summary>
public sealed class PlatformExampleTests
{
    [Fact]
    public async Task The_example_enrols_its_own_workload_after_creating_it()
    {
        var mocks = new EchoMocks();
        var resources = await Pulumi.Deployment.TestAsync<RecordingProgram>(mocks, new TestOptions { ProjectName = "alp-platform-example", StackName = "dev", IsPreview = false });
        var stack = resources.OfType<RecordingProgram>().Single();
        var names = mocks.Registered.Select(r => $"{r.Type} {r.Name}").ToHashSet(StringComparer.Ordinal);

        Assert.Contains("kubernetes:core/v1:Namespace shop", names);
        Assert.Contains("kubernetes:apps/v1:Deployment web", names);
        Assert.Contains("calico-alp:index:ApplicationLayerPolicy alp", names);
        // The namespace is the program's: ALP labels and restarts the workload by a patch, and creates no namespace of that name.
        Assert.Contains("kubernetes:apps/v1:DeploymentPatch alp-deployment.shop.web", names);
        Assert.DoesNotContain(names, n => n.StartsWith("kubernetes:core/v1:Namespace alp-", StringComparison.Ordinal) && n.EndsWith("shop", StringComparison.Ordinal));
        Assert.Contains(names, n => n.EndsWith(" alp-networkpolicy.shop.web-read-only", StringComparison.Ordinal));

        // Every one of ALP's resources waits for the program's namespace and Deployment, not only the component.
        var alpItems = stack.Options.Where(o => o.Name.StartsWith("alp-", StringComparison.Ordinal) && o.Custom).ToList();
        Assert.NotEmpty(alpItems);
        foreach (var (name, _, dependsOn) in alpItems)
        {
            var waitsFor = (await Pulumi.Utilities.OutputUtilities.GetValueAsync(dependsOn.ToOutput())).Select(r => r.GetResourceName()).ToHashSet(StringComparer.Ordinal);
            Assert.True(waitsFor.IsSupersetOf(["shop", "web"]), $"{name} waits for [{string.Join(", ", waitsFor)}]");
        }

        // One Kubernetes provider, the program's, and every Kubernetes object on it.
        Assert.Equal("cluster", Assert.Single(mocks.Registered, r => r.Type == "pulumi:providers:kubernetes").Name);
        Assert.All(mocks.Registered.Where(r => r.Type!.StartsWith("kubernetes:", StringComparison.Ordinal) && r.Type != "kubernetes:helm.sh/v4:Chart"),
            r => Assert.Contains("pulumi:providers:kubernetes::cluster::", r.Provider, StringComparison.Ordinal));

        var patch = mocks.Registered.Single(r => r.Name == "alp-deployment.shop.web");
        var podLabels = (ImmutableDictionary<string, object>)((ImmutableDictionary<string, object>)((ImmutableDictionary<string, object>)((ImmutableDictionary<string, object>)patch.Inputs["spec"])["template"])["metadata"])["labels"];
        Assert.Equal("true", podLabels["sidecar.istio.io/inject"]);

        var workloads = await Pulumi.Utilities.OutputUtilities.GetValueAsync(stack.EnrolledWorkloads);
        Assert.Equal(["shop/web"], workloads.ToArray());
    }

    /// <summary>The example's program inside a stack whose transformation sees every resource's options.</summary>
    public sealed class RecordingProgram : Stack
    {
        private readonly ConcurrentQueue<(string Name, bool Custom, InputList<Resource> DependsOn)> _options;

        public RecordingProgram()
            : this(new ConcurrentQueue<(string, bool, InputList<Resource>)>())
        {
        }

        private RecordingProgram(ConcurrentQueue<(string, bool, InputList<Resource>)> options)
#pragma warning disable CS0618 // The in-process transformation is the witness; engine-side transforms need an engine.
            : base(new StackOptions { ResourceTransformations = { args => { options.Enqueue((args.Resource.GetResourceName(), args.Resource is CustomResource, args.Options.DependsOn)); return null; } } })
#pragma warning restore CS0618
        {
            _options = options;
            var outputs = PlatformProgram.RunAsync().GetAwaiter().GetResult();
            EnrolledWorkloads = ((Output<IList<string>>)outputs["enrolledWorkloads"]!).Apply(w => w.ToImmutableArray());
        }

        [Output("enrolledWorkloads")]
        public Output<ImmutableArray<string>> EnrolledWorkloads { get; }

        public IReadOnlyCollection<(string Name, bool Custom, InputList<Resource> DependsOn)> Options => _options;
    }

    private sealed class EchoMocks : IMocks
    {
        public ConcurrentQueue<MockResourceArgs> Registered { get; } = new();

        public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
        {
            Registered.Enqueue(args);
            return Task.FromResult<(string?, object)>(($"{args.Name}-id", args.Inputs));
        }

        public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Args);
    }
}
