using System.Collections.Concurrent;
using CalicoAlp.Components.Inputs;
using Pulumi;
using Pulumi.Testing;

namespace CalicoAlp.Components.Tests;

/// <summary>A platform team's program creates the cluster's provider and hands it to the component.</summary>
[Collection(PulumiTestGroup.Name)]
public sealed class CallersProviderTests
{
    [Fact]
    public async Task The_component_deploys_every_child_through_the_provider_the_program_created()
    {
        var mocks = new RecordingMocks();
        var constructed = new ConcurrentQueue<(Resource Resource, ResourceOptions Options)>();
        ProviderResource? cluster = null;
        await Pulumi.Deployment.TestAsync(mocks, new TestOptions { ProjectName = "platform", StackName = "dev", IsPreview = false }, () =>
        {
            // As a program would for the cluster it just created (an EKS or a kind cluster): its kubeconfig, its provider.
            cluster = new Pulumi.Kubernetes.Provider("eks", new Pulumi.Kubernetes.ProviderArgs { KubeConfig = "apiVersion: v1\nkind: Config\n" });
            _ = new ApplicationLayerPolicy("alp", new ApplicationLayerPolicyArgs
            {
                Environment = DeploymentEnvironment.NonProduction,
                Namespaces = [new MeshNamespaceArgs { Name = "shop", Workloads = ["web"] }],
            }, new ComponentResourceOptions
            {
                Providers = { cluster },
#pragma warning disable CS0618 // The in-process transformation is the witness of each child's options.
                ResourceTransformations = { args => { constructed.Enqueue((args.Resource, args.Options)); return null; } },
#pragma warning restore CS0618
            });
            return Task.FromResult<IDictionary<string, object?>>(new Dictionary<string, object?>());
        });

        // The engine sees one Kubernetes provider, the program's, and every Kubernetes object on it.
        var registered = mocks.Registered.ToList();
        Assert.Equal("eks", Assert.Single(registered, r => r.Type == "pulumi:providers:kubernetes").Name);
        var objects = registered.Where(r => r.Type!.StartsWith("kubernetes:", StringComparison.Ordinal) && r.Type != "kubernetes:helm.sh/v4:Chart").ToList();
        Assert.NotEmpty(objects);
        Assert.All(objects, r => Assert.Contains("pulumi:providers:kubernetes::eks::", r.Provider, StringComparison.Ordinal));

        // The charts are remote components: their provider is in their options, the same one.
        var kubernetes = constructed.Where(c => c.Resource.GetResourceType().StartsWith("kubernetes:", StringComparison.Ordinal)).ToList();
        Assert.Equal(objects.Count + 2, kubernetes.Count);
        Assert.All(kubernetes, c => Assert.Same(cluster, c.Options.Provider));
    }
}
