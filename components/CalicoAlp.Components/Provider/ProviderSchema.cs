using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalicoAlp.Components.Configuration;
using CalicoAlp.Stacks.Config;
using Pulumi;

namespace CalicoAlp.Components.Provider;

/// <summary>
/// Completes the schema the pinned SDK infers from the args types. The inference (3.112.1) knows
/// names, types, plainness and requiredness, but no descriptions, defaults or secrets, and it
/// takes an enum struct for an object without properties; each of those is put back here from
/// the config catalog, the <see cref="DescriptionAttribute"/>s and the enum structs' members.
/// </summary>
public static class ProviderSchema
{
    private const string TypePrefix = ConfigCatalog.ProjectName + ":index:";

    public static string Complete(string? inferred)
    {
        var schema = JsonNode.Parse(inferred ?? throw new ArgumentNullException(nameof(inferred)))!.AsObject();
        schema["description"] = "Calico application layer policy (ALP) for an Istio mesh or Calico Enterprise, as one component: Felix Policy Sync, Istio with the Dikastes injector, the ext_authz wiring, workload enrolment and HTTP policies.";
        schema["keywords"] = new JsonArray("pulumi", "kubernetes", "calico", "istio", "category/network", "kind/component");
        schema["license"] = "Apache-2.0";

        var types = schema["types"]!.AsObject();
        foreach (var (token, type) in ArgsTypes())
        {
            types[token] = type.GetCustomAttribute<EnumTypeAttribute>() is not null ? EnumSpec(type) : Described(types[token]!.AsObject(), type);
        }

        var component = schema["resources"]![ApplicationLayerPolicy.Type]!.AsObject();
        component["description"] = Description(typeof(ApplicationLayerPolicy));
        var inputs = component["inputProperties"]!.AsObject();
        foreach (var key in ConfigCatalog.Keys)
        {
            var property = inputs[key.Name]?.AsObject()
                ?? throw new InvalidOperationException($"the args declare no input for the config key {key.Name}");
            property["description"] = key.Description + DefaultSentence(key);
            if (Default(key) is { } value)
            {
                property["default"] = value;
            }

            if (key.Secret)
            {
                property["secret"] = true;
            }
            else
            {
                // The inference marks scalars plain but not lists; every setting must be known to plan.
                property["plain"] = true;
            }
        }

        var outputs = component["properties"]!.AsObject();
        foreach (var member in typeof(ApplicationLayerPolicy).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(OutputAttribute)) is { } output)
            {
                outputs[(string)output.ConstructorArguments[0].Value!]!["description"] = Description(member);
            }
        }

        return Sorted(schema)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Every object and enum type the args reach, by schema token, named as the inference names them.</summary>
    public static SortedDictionary<string, Type> ArgsTypes()
    {
        var found = new SortedDictionary<string, Type>(StringComparer.Ordinal);
        void Visit(Type type)
        {
            var inner = Unwrapped(type);
            if (inner.GetCustomAttribute<EnumTypeAttribute>() is not null)
            {
                found[Token(inner)] = inner;
            }
            else if (typeof(ResourceArgs).IsAssignableFrom(inner) && found.TryAdd(Token(inner), inner))
            {
                foreach (var (_, property) in ComponentInputs.InputProperties(inner))
                {
                    Visit(property.PropertyType);
                }
            }
        }

        foreach (var (_, property) in ComponentInputs.InputProperties(typeof(ApplicationLayerPolicyArgs)))
        {
            Visit(property.PropertyType);
        }

        return found;
    }

    /// <summary>The type a property holds, without Nullable, Input or List around it.</summary>
    private static Type Unwrapped(Type type)
    {
        while (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Nullable<>) || definition == typeof(Input<>) || definition == typeof(List<>)))
        {
            type = type.GetGenericArguments()[0];
        }

        return type;
    }

    private static string Token(Type type) => TypePrefix + (type.Name.EndsWith("Args", StringComparison.Ordinal) ? type.Name[..^4] : type.Name);

    private static JsonObject EnumSpec(Type type) => new()
    {
        ["type"] = "string",
        ["description"] = Description(type),
        ["enum"] = new JsonArray([.. type.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == type)
            .Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["value"] = p.GetValue(null)!.ToString() })]),
    };

    private static JsonObject Described(JsonObject spec, Type type)
    {
        spec["description"] = Description(type);
        var properties = spec["properties"]!.AsObject();
        foreach (var (name, property) in ComponentInputs.InputProperties(type))
        {
            properties[name]!["description"] = Description(property);
            properties[name]!["plain"] = true;
        }

        return spec;
    }

    private static string Description(MemberInfo member) =>
        member.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? throw new InvalidOperationException($"{member.DeclaringType?.Name}.{member.Name} has no Description; the schema describes every member");

    private static string DefaultSentence(ConfigKey key) => key.DefaultText.Length == 0 ? " Default: unset." : $" Default: {key.DefaultText}.";

    /// <summary>Schema defaults are scalars; a structured default is only described.</summary>
    private static JsonValue? Default(ConfigKey key) => key.DefaultText.Length == 0 ? null : key.Type switch
    {
        ConfigType.String => JsonValue.Create(key.DefaultText),
        ConfigType.Boolean => JsonValue.Create(key.DefaultText == "true"),
        ConfigType.Integer => JsonValue.Create(int.Parse(key.DefaultText, CultureInfo.InvariantCulture)),
        _ => null,
    };

    /// <summary>Object keys in ordinal order at every depth, so the schema reads the same on every run and in review.</summary>
    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
