using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.SidecarImages;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.Output;

/// <summary>
/// The stack outputs, as plain values. The Pulumi program returns exactly these, so they can be
/// checked here without the Pulumi packages.
/// </summary>
public static partial class StackOutputs
{
    [GeneratedRegex(@"\{\{[a-zA-Z]+\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <param name="builtRefs">
    /// With imageSource build, the references the builds reported (by image name); the outputs then
    /// show them and the hash the enrolled workloads really carry, not the placeholders.
    /// </param>
    public static ImmutableSortedDictionary<string, object> For(Plan plan, IReadOnlyDictionary<string, string>? builtRefs = null)
    {
        if (builtRefs is not null && !plan.BuiltImages.IsEmpty)
        {
            plan = BuiltImages.Resolve(plan, builtRefs);
        }

        var s = plan.Settings;
        var istio = s.Mode == AlpMode.Istio;
        var workloads = s.Namespaces.SelectMany(n => n.Workloads.Select(w => $"{n.Name}/{w}")).ToImmutableArray();
        var images = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        images["dikastes"] = DikastesImage(plan);
        if (istio)
        {
            images["proxy"] = plan.Images.Proxy ?? "chart default";
        }

        var outputs = new Dictionary<string, object>
        {
            ["mode"] = ConfigSpellings.Modes.Spell(s.Mode),
            ["applicationLayerPolicy"] = s.AlpEnabled ? "on" : "off",
            ["calicoVersion"] = s.Calico.VersionText,
            ["istioVersion"] = istio ? s.Istio.Version.ToString() : "none",
            ["mtlsMode"] = istio ? s.Istio.Mtls.Text() : "none",
            ["meshedNamespaces"] = s.Namespaces.Select(n => n.Name).ToImmutableArray(),
            ["enrolledWorkloads"] = workloads,
            ["sidecarImages"] = images.ToImmutable(),
            ["injectionHash"] = plan.InjectionHash,
        };
        outputs["readme"] = Readme(plan, outputs);
        return outputs.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// In enterprise mode the Tigera operator injects its own Envoy and Dikastes; nothing this stack
    /// names is ever pulled, so it says so instead of naming an image.
    /// </summary>
    public static string DikastesImage(Plan plan) =>
        plan.Settings.Mode == AlpMode.Istio ? plan.Images.Dikastes : "operator-managed (the ApplicationLayer sidecar; not pinned by this stack)";

    private static string Readme(Plan plan, Dictionary<string, object> outputs)
    {
        using var stream = typeof(StackOutputs).Assembly.GetManifestResourceStream("Pulumi.README.md")
            ?? throw new InvalidOperationException("the Pulumi.README.md template is not embedded");
        using var reader = new StreamReader(stream);
        var images = (ImmutableSortedDictionary<string, string>)outputs["sidecarImages"];
        var values = new Dictionary<string, string>
        {
            ["stack"] = plan.Settings.StackName,
            ["mode"] = (string)outputs["mode"],
            ["calicoVersion"] = (string)outputs["calicoVersion"],
            ["istioVersion"] = (string)outputs["istioVersion"],
            ["mtlsMode"] = (string)outputs["mtlsMode"],
            ["namespaces"] = List((ImmutableArray<string>)outputs["meshedNamespaces"]),
            ["workloads"] = List((ImmutableArray<string>)outputs["enrolledWorkloads"]),
            ["dikastesImage"] = images["dikastes"],
            ["proxyImage"] = images.GetValueOrDefault("proxy", "none"),
            ["injectionHash"] = (string)outputs["injectionHash"],
        };
        var text = reader.ReadToEnd();
        return Placeholder().Replace(text, m =>
            values.TryGetValue(m.Value[2..^2], out var value) ? value : throw new InvalidOperationException($"unknown placeholder {m.Value} in Pulumi.README.md"));
    }

    private static string List(ImmutableArray<string> items) => items.IsEmpty ? "none" : string.Join(", ", items);
}
