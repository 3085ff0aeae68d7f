using System.Collections.Immutable;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Stacks.Validation;

/// <summary>Istio settings are refused in enterprise mode, Enterprise settings in istio mode.</summary>
internal static class ModeExclusivity
{
    public static void CheckNoEnterpriseSettings(ConfigReader reader, ImmutableArray<MeshNamespace> namespaces)
    {
        foreach (var key in ConfigCatalog.Keys.Where(k => k.EnterpriseSetting && !reader.IsDefault(k.Name)))
        {
            reader.Error(ConfigReader.PathOf(key.Name),
                $"'{ConfigReader.Abbreviate(reader.String(key.Name))}' is a Calico Enterprise setting, and mode 'istio' has no ApplicationLayer; remove it, or set mode to enterprise");
        }

        for (var i = 0; i < namespaces.Length; i++)
        {
            foreach (var (set, field) in new[] { (namespaces[i].Waf, "waf"), (namespaces[i].Logging, "logging") })
            {
                if (set)
                {
                    reader.Error($"{ConfigReader.PathOf(ConfigKeys.Namespaces)}[{i}].{field}",
                        "'true' is a Calico Enterprise setting (the ApplicationLayer sidecar's WAF and logging); remove it, or set mode to enterprise");
                }
            }
        }
    }

    public static void CheckNoIstioSettings(ConfigReader reader, ImmutableArray<MeshNamespace> namespaces)
    {
        foreach (var key in ConfigCatalog.Keys.Where(k => k.IstioSetting))
        {
            if (!reader.IsDefault(key.Name))
            {
                reader.Error(ConfigReader.PathOf(key.Name),
                    $"'{reader.String(key.Name)}' is an Istio setting, and mode 'enterprise' installs no Istio; remove it, or set mode to istio");
            }
        }

        for (var i = 0; i < namespaces.Length; i++)
        {
            if (namespaces[i].Mtls is { } mtls)
            {
                reader.Error($"{ConfigReader.PathOf(ConfigKeys.Namespaces)}[{i}].mtlsMode",
                    $"'{mtls.Text()}' is an Istio setting, and mode 'enterprise' installs no Istio; remove it");
            }

            if (namespaces[i].Egress == EgressMode.Restricted)
            {
                reader.Error($"{ConfigReader.PathOf(ConfigKeys.Namespaces)}[{i}].egress",
                    "'restricted' adds the istiod egress policy, and mode 'enterprise' has no istiod; remove it");
            }
        }
    }
}
