using System.Buffers;
using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CalicoAlp.Stacks.Config;
using Pulumi;
using Pulumi.Experimental;

namespace CalicoAlp.Components.Configuration;

/// <summary>
/// The component's inputs as Pulumi carries them between languages: property values keyed by
/// input name, which is also the config key's name. Typed args, a provider's Construct request
/// and a stack's config all meet here, and become the one <see cref="RawConfig"/> the loader
/// reads, so each is judged by the same rules with the same messages.
/// </summary>
public static class ComponentInputs
{
    /// <summary>The typed args as inputs. The registry password, an Input, stands as a secret whose text is never read.</summary>
    public static ImmutableDictionary<string, PropertyValue> FromArgs(ApplicationLayerPolicyArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var inputs = ImmutableDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
        foreach (var (name, property) in InputProperties(typeof(ApplicationLayerPolicyArgs)))
        {
            if (property.GetValue(args) is not { } value)
            {
                continue;
            }

            inputs[name] = IsInput(property.PropertyType) ? new PropertyValue(string.Empty).WithSecret(true) : Plain(value);
        }

        return inputs.ToImmutable();
    }

    /// <summary>
    /// The inputs as the loader's raw config. A value not known before the deployment cannot be
    /// judged: its input's name is returned instead, and the value left out.
    /// </summary>
    public static (RawConfig Config, ImmutableArray<string> Unknown) ToRawConfig(string stackName, IReadOnlyDictionary<string, PropertyValue> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var values = new List<KeyValuePair<string, RawValue>>();
        var unknown = ImmutableArray.CreateBuilder<string>();
        var secretTexts = ImmutableArray.CreateBuilder<SecretText>();
        foreach (var (name, value) in inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            if (value.IsNull && !value.IsSecret)
            {
                continue;
            }

            if (!IsKnown(value))
            {
                unknown.Add(name);
                continue;
            }

            CollectSecretTexts(ConfigCatalog.Qualified(name), value, value.IsSecret, secretTexts);
            values.Add(new(ConfigCatalog.Qualified(name), value.IsSecret ? RawValue.Secret() : Raw(value)));
        }

        var config = RawConfig.Create(stackName, values) with { SecretTexts = secretTexts.ToImmutable() };
        return (config, unknown.ToImmutable());
    }

    /// <summary>
    /// A stack's config as inputs: this program's keys, each as <see cref="FromRawValue"/> types
    /// it; other namespaces' keys and secret values are left out.
    /// </summary>
    public static ImmutableDictionary<string, PropertyValue> FromRawConfig(RawConfig raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var inputs = ImmutableDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
        var prefix = ConfigCatalog.Qualified(string.Empty);
        foreach (var (key, value) in raw.Values)
        {
            if (!value.IsSecret && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                var name = key[prefix.Length..];
                inputs[name] = FromRawValue(ConfigCatalog.Find(name), value);
            }
        }

        return inputs.ToImmutable();
    }

    /// <summary>
    /// One config value as a program in another language would pass it: typed as its key declares
    /// where the text reads as that type, and as text otherwise, so that a wrong value still
    /// reaches the loader and is judged there.
    /// </summary>
    public static PropertyValue FromRawValue(ConfigKey? declared, RawValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsStructured || declared?.Type is ConfigType.Array or ConfigType.Object)
        {
            try
            {
                return FromJson(value.Text);
            }
            catch (JsonException)
            {
                return new PropertyValue(value.Text);
            }
        }

        return declared?.Type switch
        {
            ConfigType.Boolean when value.Text is "true" or "false" => new PropertyValue(value.Text == "true"),
            ConfigType.Integer when long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => new PropertyValue(number),
            _ => new PropertyValue(value.Text),
        };
    }

    /// <summary>The public properties of an args type that carry an input name, in declaration order.</summary>
    public static IEnumerable<(string Name, PropertyInfo Property)> InputProperties(Type argsType) =>
        argsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Attribute: p.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(InputAttribute)), Property: p))
            .Where(p => p.Attribute is not null)
            // InputAttribute keeps its name to itself; the name is its first constructor argument.
            .Select(p => ((string)p.Attribute!.ConstructorArguments[0].Value!, p.Property));

    private static bool IsInput(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Input<>);

    private static PropertyValue Plain(object? value) => value switch
    {
        null => PropertyValue.Null,
        string text => new PropertyValue(text),
        bool flag => new PropertyValue(flag),
        int number => new PropertyValue(number),
        double number => new PropertyValue(number),
        ResourceArgs nested => new PropertyValue(InputProperties(nested.GetType())
            .Select(p => (p.Name, Value: p.Property.GetValue(nested)))
            .Where(p => p.Value is not null)
            .ToImmutableDictionary(p => p.Name, p => Plain(p.Value), StringComparer.Ordinal)),
        IList list => new PropertyValue([.. list.Cast<object?>().Select(Plain)]),
        IDictionary<string, string> map => new PropertyValue(map.ToImmutableDictionary(e => e.Key, e => new PropertyValue(e.Value), StringComparer.Ordinal)),
        // The enum structs print their config spelling.
        _ when value.GetType().GetCustomAttribute<EnumTypeAttribute>() is not null => new PropertyValue(value.ToString()!),
        _ => throw new ArgumentException($"{value.GetType().Name} is not a type the component's args use", nameof(value)),
    };

    /// <summary>Plaintexts of secret values, nested ones too: never printed in a message, wherever else they were typed.</summary>
    private static void CollectSecretTexts(string key, PropertyValue value, bool secret, ImmutableArray<SecretText>.Builder texts)
    {
        secret |= value.IsSecret;
        if (value.TryGetString(out var text) && secret && text.Length > 0)
        {
            texts.Add(new SecretText(key, text));
        }
        else if (value.TryGetArray(out var items))
        {
            foreach (var item in items)
            {
                CollectSecretTexts(key, item, secret, texts);
            }
        }
        else if (value.TryGetMap(out var fields))
        {
            foreach (var field in fields.Values)
            {
                CollectSecretTexts(key, field, secret, texts);
            }
        }
    }

    private static bool IsKnown(PropertyValue value) =>
        !value.IsComputed && value.Type switch
        {
            PropertyValueType.Array => value.TryGetArray(out var items) && items.All(IsKnown),
            PropertyValueType.Map => value.TryGetMap(out var fields) && fields.Values.All(IsKnown),
            PropertyValueType.Asset or PropertyValueType.Archive or PropertyValueType.Resource => false,
            _ => true,
        };

    /// <summary>The text the Pulumi engine would hand the program for this value: scalars as text, the rest as compact JSON.</summary>
    private static RawValue Raw(PropertyValue value)
    {
        if (value.TryGetString(out var text))
        {
            return new RawValue(text);
        }

        if (value.TryGetBool(out var flag))
        {
            return new RawValue(flag ? "true" : "false");
        }

        if (value.TryGetNumber(out var number))
        {
            return new RawValue(Number(number));
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, value);
        }

        return new RawValue(Encoding.UTF8.GetString(buffer.WrittenSpan), IsStructured: true);
    }

    private static string Number(double number) =>
        number == Math.Floor(number) && Math.Abs(number) < 1e15
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);

    private static void WriteJson(Utf8JsonWriter writer, PropertyValue value)
    {
        if (value.TryGetString(out var text))
        {
            writer.WriteStringValue(text);
        }
        else if (value.TryGetBool(out var flag))
        {
            writer.WriteBooleanValue(flag);
        }
        else if (value.TryGetNumber(out var number))
        {
            writer.WriteRawValue(Number(number));
        }
        else if (value.TryGetArray(out var items))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                WriteJson(writer, item);
            }

            writer.WriteEndArray();
        }
        else if (value.TryGetMap(out var fields))
        {
            writer.WriteStartObject();
            foreach (var (name, field) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                WriteJson(writer, field);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static PropertyValue FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    private static PropertyValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => new PropertyValue(element.GetString()!),
        JsonValueKind.Number => new PropertyValue(element.GetDouble()),
        JsonValueKind.True => new PropertyValue(true),
        JsonValueKind.False => new PropertyValue(false),
        JsonValueKind.Array => new PropertyValue([.. element.EnumerateArray().Select(FromJson)]),
        JsonValueKind.Object => new PropertyValue(element.EnumerateObject().ToImmutableDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal)),
        _ => PropertyValue.Null,
    };
}
