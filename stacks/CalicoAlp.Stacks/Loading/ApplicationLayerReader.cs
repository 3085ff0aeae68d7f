using System.Text.Json;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Stacks.Loading;

/// <summary>Reads the enterprise-only applicationLayer config key.</summary>
internal static class ApplicationLayerReader
{
    public static ApplicationLayerSettings Read(ConfigReader reader)
    {
        if (reader.Json(ConfigKeys.ApplicationLayer, JsonValueKind.Object) is not { } element)
        {
            return ApplicationLayerSettings.None;
        }

        var fields = new JsonFields(reader, element, ConfigReader.PathOf(ConfigKeys.ApplicationLayer), ConfigFields.ApplicationLayer);
        fields.CheckShape();
        bool? Toggle(JsonFields f, string name) =>
            f.String(name) is { } text ? ConfigSpellings.Toggles.Where(t => t.Text == text).Select(t => (bool?)t.Value).FirstOrDefault() ?? Invalid(f, name, text) : null;
        bool? Invalid(JsonFields f, string name, string text)
        {
            reader.Error($"{f.Path}.{name}", $"'{text}' is not allowed; expected one of: Enabled, Disabled{Validation.Suggestions.Hint(text, ["Enabled", "Disabled"])}");
            return null;
        }

        LogCollectionSettings? logs = null;
        if (fields.Object("logCollection", ConfigFields.LogCollection) is { } l)
        {
            logs = new LogCollectionSettings(Toggle(l, "collectLogs"), l.Int("logIntervalSeconds", 1, 86_400), l.Int("logRequestsPerInterval", -1, int.MaxValue));
        }

        EnvoySettings? envoy = null;
        if (fields.Object("envoy", ConfigFields.Envoy) is { } e)
        {
            envoy = new EnvoySettings(e.Int("xffNumTrustedHops", 0, int.MaxValue), e.Bool("useRemoteAddress"));
        }

        return new ApplicationLayerSettings(Toggle(fields, ConfigKeys.ApplicationLayerPolicy), Toggle(fields, "webApplicationFirewall"), logs, envoy);
    }
}
