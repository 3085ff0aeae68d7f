using System.Text.RegularExpressions;

namespace CalicoAlp.Stacks.Validation;

/// <summary>Kubernetes and OCI name rules, checked before anything is emitted.</summary>
public static partial class Names
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();

    public static bool IsLabel(string name) => name.Length <= 63 && Dns1123Label().IsMatch(name);

    public static bool IsSubdomain(string name) => name.Length <= 253 && Dns1123Subdomain().IsMatch(name);

    public static bool IsDigest(string digest) => DigestPattern().IsMatch(digest);

    public static bool IsRegistry(string registry) => registry.Length <= 255 && RegistryPattern().IsMatch(registry);

    public static bool IsQuantity(string quantity) => QuantityPattern().IsMatch(quantity);
}
