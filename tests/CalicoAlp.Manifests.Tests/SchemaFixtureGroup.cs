using CalicoAlp.TestKit.Schemas;

namespace CalicoAlp.Manifests.Tests;

/// <summary>One catalogue for the whole test run: the Kubernetes documents are large.</summary>
[CollectionDefinition(Name)]
public sealed class SchemaFixtureGroup : ICollectionFixture<SchemaCatalog>
{
    public const string Name = "schemas";
}
