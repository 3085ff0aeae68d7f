using System.Collections.Immutable;
using System.Text.Json;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Stacks.Loading;

/// <summary>dikastesResources: the Dikastes container's requests and limits.</summary>
internal static class DikastesReader
{

    public static ResourceRequirements Resources(ConfigReader reader)
    {
        if (reader.Json(ConfigKeys.DikastesResources, JsonValueKind.Object) is not { } element)
        {
            return ResourceRequirements.None;
        }

        var fields = new JsonFields(reader, element, ConfigReader.PathOf(ConfigKeys.DikastesResources), ConfigFields.DikastesResources);
        fields.CheckShape();
        ImmutableSortedDictionary<string, string> Quantities(string field)
        {
            var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (fields.Object(field, ConfigFields.Quantities) is { } q)
            {
                foreach (var name in ConfigFields.Quantities)
                {
                    if (q.String(name) is { } value)
                    {
                        if (Names.IsQuantity(value))
                        {
                            builder[name] = value;
                        }
                        else
                        {
                            reader.Error($"{q.Path}.{name}", $"'{value}' is not a Kubernetes quantity; expected e.g. 100m (cpu) or 64Mi (memory)");
                        }
                    }
                }
            }

            return builder.ToImmutable();
        }

        return new ResourceRequirements(Quantities("requests"), Quantities("limits"));
    }
}
