using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// The container images of a pod that the pinned istiod injects, derived the way its
/// injector does, independently of our code. From istio/istio at 1.30.3 (unchanged on release-1.31):
/// - pkg/kube/inject/inject.go ProxyImage: hub + "/" + (global.proxy.image or "proxyv2") + ":" + tag
///   (no variant here), with hub and tag the chart's released defaults (docker.io/istio, the version);
/// - files/injection-template.yaml: istio-init uses global.proxy_init.image when it contains a "/",
///   otherwise ProxyImage; istio-proxy uses global.proxy.image when it contains a "/", otherwise
///   ProxyImage; the dikastes container carries the image our template names.
/// </summary>
internal static partial class InjectedPodImages
{
    /// <summary>The grammar of an image reference (distribution/reference): name, optional :tag, optional @digest.</summary>
    [GeneratedRegex(@"\A(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?\z")]
    private static partial Regex Reference();

    public static bool IsValidReference(string image) => Reference().IsMatch(image);

    public static IReadOnlyDictionary<string, string> Of(JsonObject istiodValues, string chartVersion, string dikastesTemplateImage)
    {
        const string Hub = "docker.io/istio";
        var proxy = istiodValues["global"]?["proxy"]?["image"]?.GetValue<string>() ?? "proxyv2";
        var proxyInit = istiodValues["global"]?["proxy_init"]?["image"]?.GetValue<string>() ?? "proxyv2";
        var proxyImage = $"{Hub}/{proxy}:{chartVersion}";
        return new Dictionary<string, string>
        {
            ["istio-init"] = proxyInit.Contains('/', StringComparison.Ordinal) ? proxyInit : proxyImage,
            ["istio-proxy"] = proxy.Contains('/', StringComparison.Ordinal) ? proxy : proxyImage,
            ["dikastes"] = dikastesTemplateImage,
        };
    }
}
