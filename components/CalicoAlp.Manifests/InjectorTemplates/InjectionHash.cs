using System.Collections.Immutable;
using System.Text;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.Serialization;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.InjectorTemplates;

/// <summary>
/// A digest of everything that decides what a newly injected pod looks like. Enrolled workloads
/// carry it as a pod-template annotation, so a change rolls them and an unchanged stack does not.
/// </summary>
public static class InjectionHash
{
    public static string Compute(StackSettings settings, ImageRefs images, ImmutableSortedDictionary<string, string> templates)
    {
        var text = new StringBuilder();
        foreach (var (name, template) in templates)
        {
            text.Append("template:").Append(name).Append('\n').Append(template).Append('\n');
        }

        text.Append("dikastes:").Append(images.Dikastes).Append('\n')
            .Append("proxy:").Append(images.Proxy ?? "chart-default").Append('\n')
            .Append("istio:").Append(settings.Istio.Version).Append('\n')
            .Append("revision:").Append(settings.Istio.Revision ?? string.Empty).Append('\n')
            .Append("nativeSidecars:").Append(settings.Istio.NativeSidecars ? "forced" : "auto").Append('\n');
        return Hashing.Sha256Hex(text.ToString(), 16);
    }
}
