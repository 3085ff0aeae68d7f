// Deployment.TestAsync runs must not overlap (pulumi/pulumi#4545), and they share PULUMI_CONFIG.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace CalicoAlp.Components.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PulumiTestGroup
{
    public const string Name = "pulumi";
}
