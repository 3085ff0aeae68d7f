using System.Text.RegularExpressions;

namespace CalicoAlp.Stacks.Validation;

/// <summary>
/// Kubernetes and OCI name rules, checked before anything is emitted. Every pattern is anchored
/// with \A and \z: .NET's $ also matches before a final newline, which would let "shop\n" through.
/// </summary>
public static partial class Names
{
    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex(@"\Asha256:[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();

    /// <summary>An OCI tag: a word character first, then up to 127 of word characters, '.' and '-'.</summary>
    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\A[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"\A[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();

    public static bool IsLabel(string name) => name.Length <= 63 && Dns1123Label().IsMatch(name);

    /// <summary>An istiod revision's name: a DNS-1123 label, and not "default", which Istio keeps for the revision-less install.</summary>
    public static bool IsRevision(string name) => IsLabel(name) && name != "default";

    public static bool IsSubdomain(string name) => name.Length <= 253 && Dns1123Subdomain().IsMatch(name);

    public static bool IsDigest(string digest) => DigestPattern().IsMatch(digest);

    public static bool IsTag(string tag) => TagPattern().IsMatch(tag);

    public static bool IsRegistry(string registry) => registry.Length <= 255 && RegistryPattern().IsMatch(registry);

    public static bool IsQuantity(string quantity) => QuantityPattern().IsMatch(quantity);

    /// <summary>An IPv4 or IPv6 network in CIDR form, as Calico's nets take it (a bare address is not one).</summary>
    public static bool IsCidr(string cidr) => cidr.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(cidr, out _);
}
