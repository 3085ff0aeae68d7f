using System.Text.Json;
using System.Text.Json.Serialization;
using CalicoAlp.Manifests.Serialization;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// <see cref="ManifestJsonContext.TryWriteRoot"/> calls the generated handlers itself, skipping the
/// root type infos; what it writes must be what the serializer writes through them.
/// </summary>
public sealed class RootWriterTests
{
    private static readonly Type[] Roots = [.. typeof(ManifestJsonContext).GetCustomAttributesData()
        .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
        .Select(a => (Type)a.ConstructorArguments[0].Value!)];

    private static byte[] Direct(object value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Assert.True(ManifestJsonContext.Default.TryWriteRoot(writer, value), $"{value.GetType()} is not written directly");
        }

        return buffer.ToArray();
    }

    private static byte[] ThroughTypeInfo(object value) =>
        JsonSerializer.SerializeToUtf8Bytes(value, ManifestJsonContext.Default.GetTypeInfo(value.GetType())!);

    [Fact]
    public void Every_root_the_context_declares_is_planned_by_a_test_stack_so_its_handler_is_compared_below()
    {
        Assert.Equal(12, Roots.Length);
        var planned = TestStacks.Names.SelectMany(Written).Select(o => o.GetType()).ToHashSet();
        Assert.All(Roots, root => Assert.Contains(root, planned));
    }

    [Theory]
    [MemberData(nameof(TestStacks.All), MemberType = typeof(TestStacks))]
    public void Every_planned_object_is_written_directly_byte_for_byte_as_through_its_type_info(string stack)
    {
        var written = Written(stack).ToArray();
        Assert.NotEmpty(written);
        foreach (var value in written)
        {
            var expected = ThroughTypeInfo(value);
            Assert.Equal(expected, Direct(value));
            using var document = Canonical.ToDocument(value);
            using var reference = JsonDocument.Parse(expected);
            Assert.Equal(reference.RootElement.GetRawText(), document.RootElement.GetRawText());
        }
    }

    /// <summary>Every record a stack's render writes through <see cref="Canonical.ToDocument"/>: the plan's objects and the injector's Dikastes template.</summary>
    private static IEnumerable<object> Written(string stack)
    {
        var settings = TestStacks.Settings(stack);
        var items = TestStacks.Plan(stack).Items.Select(i => (object)i.Content);
        return items.Append(InjectorTemplates.DikastesTemplates.Workload(settings, SidecarImages.ImageResolver.Resolve(settings)));
    }

    /// <summary>
    /// Two roots are written field by field (ManifestJsonContext.WriteHelmRelease, WriteCalicoPolicy);
    /// a field added to one of these records must be added there too, or a render would drop it.
    /// </summary>
    [Theory]
    [InlineData(typeof(IstioControlPlane.HelmReleaseSpec), "Name Chart Repository Version Namespace Values")]
    [InlineData(typeof(Kubernetes.KubeObject<Kubernetes.CalicoPolicySpec>), "ApiVersion Kind Metadata Spec")]
    [InlineData(typeof(Kubernetes.CalicoPolicySpec), "Order Selector Types Ingress Egress NamespaceSelector")]
    public void The_records_written_by_hand_have_exactly_the_fields_their_writers_know(Type record, string fields)
    {
        var declared = record.GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.Name);
        Assert.Equal(fields.Split(' '), declared.ToArray());
    }

    [Fact]
    public void A_type_outside_the_list_is_declined_and_left_to_its_type_info()
    {
        using var writer = new Utf8JsonWriter(Stream.Null);
        Assert.False(ManifestJsonContext.Default.TryWriteRoot(writer, new Kubernetes.ObjectMeta("n", "ns")));
        Assert.Equal(0, writer.BytesPending + writer.BytesCommitted);
    }
}
