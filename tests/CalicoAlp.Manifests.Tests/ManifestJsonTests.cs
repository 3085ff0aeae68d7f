using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Serialization;
using CalicoAlp.Stacks.Json;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// <see cref="ManifestJson"/> writes the records by hand; what it writes must be what System.Text.Json's
/// source generator writes from the records' attributes (<see cref="ManifestJsonOracle"/>), byte for
/// byte: for every object the test stacks plan, and for every record type with every field set and
/// with every optional field left out, so a field added to a record and not to its writer fails here.
/// </summary>
public sealed class ManifestJsonTests
{
    private static readonly Type[] Roots = [.. typeof(ManifestJsonOracle).GetCustomAttributesData()
        .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
        .Select(a => (Type)a.ConstructorArguments[0].Value!)];

    private static readonly JsonWriterOptions Writer = new() { Encoder = AsciiJsonEncoder.RelaxedEscaping };

    private static string ByHand(object value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            Assert.True(ManifestJson.TryWrite(writer, value), $"{value.GetType()} is not written");
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ByGenerator(object value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            JsonSerializer.Serialize(writer, value, ManifestJsonOracle.Default.GetTypeInfo(value.GetType())!);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void Every_root_is_planned_by_a_test_stack_so_it_is_compared_below()
    {
        Assert.Equal(12, Roots.Length);
        var planned = TestStacks.Names.SelectMany(Written).Select(o => o.GetType()).ToHashSet();
        Assert.All(Roots, root => Assert.Contains(root, planned));
    }

    [Theory]
    [MemberData(nameof(TestStacks.All), MemberType = typeof(TestStacks))]
    public void Every_planned_object_is_written_as_the_generator_writes_it(string stack)
    {
        var written = Written(stack).ToArray();
        Assert.NotEmpty(written);
        foreach (var value in written)
        {
            var expected = ByGenerator(value);
            Assert.Equal(expected, ByHand(value));
            Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), Canonical.ToNode(value).ToJsonString());
            using var document = Canonical.ToDocument(value);
            Assert.Equal(JsonDocument.Parse(expected).RootElement.GetRawText(), document.RootElement.GetRawText());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_record_is_written_as_the_generator_writes_it_with_all_fields_or_only_the_required_ones(bool full)
    {
        foreach (var root in Roots)
        {
            var value = Make(root, full)!;
            var expected = ByGenerator(value);
            Assert.Equal(expected, ByHand(value));
            // The instances reach what they should: a full one sets every optional field, a bare one none.
            if (root.IsGenericType)
            {
                Assert.Equal(full, expected.Contains("\"annotations\"", StringComparison.Ordinal));
            }
        }

        var pod = ByHand(Make(typeof(PodTemplateFragment), full)!);
        Assert.Equal(full, pod.Contains("\"readinessProbe\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_type_that_is_not_a_record_it_writes_is_declined_and_nothing_is_written()
    {
        using var writer = new Utf8JsonWriter(Stream.Null);
        Assert.False(ManifestJson.TryWrite(writer, new ObjectMeta("n", "ns")));
        Assert.Equal(0, writer.BytesPending + writer.BytesCommitted);
        Assert.Throws<InvalidOperationException>(() => Canonical.ToNode(new ObjectMeta("n", "ns")));
    }

    /// <summary>Every record a stack's render writes through <see cref="Canonical.ToDocument"/>: the plan's objects and the injector's Dikastes template.</summary>
    private static IEnumerable<object> Written(string stack)
    {
        var settings = TestStacks.Settings(stack);
        var items = TestStacks.Plan(stack).Items.Select(i => (object)i.Content);
        return items.Append(InjectorTemplates.DikastesTemplates.Workload(settings, SidecarImages.ImageResolver.Resolve(settings)));
    }

    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>
    /// An instance of a record with every field set (full), or with only the fields that must be:
    /// nullable ones null and lists marked [JsonIgnore(WhenWritingDefault)] absent. Strings carry
    /// characters JSON escapes.
    /// </summary>
    private static object? Make(Type type, bool full)
    {
        if (type == typeof(string))
        {
            return "v'<\"+&\n";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(bool))
        {
            return Convert.ChangeType(type == typeof(bool) ? 1 : 7, type, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Make(underlying, full);
        }

        if (type == typeof(JsonObject))
        {
            return new JsonObject { ["a"] = 1, ["b"] = new JsonArray("x", true) };
        }

        if (type == typeof(ImmutableSortedDictionary<string, string>))
        {
            return Maps.Of(("k", "v"), ("a", "b"));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            var element = type.GetGenericArguments()[0];
            var items = Array.CreateInstance(element, 2);
            items.SetValue(Make(element, full), 0);
            items.SetValue(Make(element, full), 1);
            var create = typeof(ImmutableArray).GetMethods().Single(m => m.Name == nameof(ImmutableArray.Create) && m.GetParameters() is [{ ParameterType.IsArray: true }]);
            return create.MakeGenericMethod(element).Invoke(null, [items]);
        }

        var constructor = type.GetConstructors().Single();
        var arguments = constructor.GetParameters().Select(p => full || Required(type, p) ? Make(p.ParameterType, full) : Absent(p.ParameterType)).ToArray();
        return constructor.Invoke(arguments);
    }

    private static bool Required(Type record, ParameterInfo parameter)
    {
        if (Nullable.GetUnderlyingType(parameter.ParameterType) is not null)
        {
            return false;
        }

        var property = record.GetProperty(parameter.Name!)!;
        if (property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.WhenWritingDefault })
        {
            return false;
        }

        return parameter.ParameterType.IsValueType || Nullability.Create(parameter).WriteState != NullabilityState.Nullable;
    }

    private static object? Absent(Type type) => type.IsValueType ? Activator.CreateInstance(type) : null;
}
