using System.Collections.Immutable;
using System.Globalization;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Stacks.Validation;

/// <summary>
/// Calico's own rules for HTTP matches (libcalico-go validator v3, and the CRDs' CEL rules):
/// checked before anything is emitted, because writes to crd.projectcalico.org/v1 skip them.
/// </summary>
public static class HttpPolicyRules
{
    public const int MaxMethods = 20;
    public const int MaxPaths = 20;
    public const int MaxPathLength = 1024;
    public const string ReservedPrefix = "calico-alp-";
    public static readonly SemVersion HeadersFromEnterprise = new(3, 22, 0);
    private static readonly char[] ForbiddenPathChars = ['?', '#', ' '];

    /// <summary>Every error (key path, message) and warning for one policy at <paramref name="path"/>.</summary>
    public static (ImmutableArray<ConfigError> Errors, ImmutableArray<string> Warnings) Validate(
        HttpPolicy policy, string path, AlpMode mode, SemVersion calicoVersion, bool alpEnabled)
    {
        var errors = new List<ConfigError>();
        var warnings = new List<string>();

        if (!Names.IsSubdomain(policy.Name))
        {
            errors.Add(new(path + ".name", $"'{policy.Name}' is not a valid policy name; expected a DNS-1123 subdomain"));
        }
        else if (policy.Name.StartsWith(ReservedPrefix, StringComparison.Ordinal))
        {
            errors.Add(new(path + ".name", $"'{policy.Name}' starts with '{ReservedPrefix}', which is reserved for the policies this stack creates itself"));
        }

        if (policy.Kind == PolicyKind.NetworkPolicy && policy.Namespace is null)
        {
            errors.Add(new(path + ".namespace", "missing; a NetworkPolicy needs the namespace it lives in (or use kind GlobalNetworkPolicy)"));
        }
        else if (policy.Kind == PolicyKind.NetworkPolicy && !Names.IsLabel(policy.Namespace!))
        {
            errors.Add(new(path + ".namespace", $"'{policy.Namespace}' is not a valid namespace name; expected a DNS-1123 label"));
        }

        if (policy.Kind == PolicyKind.GlobalNetworkPolicy && policy.Namespace is not null)
        {
            errors.Add(new(path + ".namespace", $"'{policy.Namespace}' is not allowed on a GlobalNetworkPolicy, which is cluster-wide; use namespaceSelector"));
        }

        if (policy.Kind == PolicyKind.NetworkPolicy && policy.NamespaceSelector is not null)
        {
            errors.Add(new(path + ".namespaceSelector", "is only allowed on a GlobalNetworkPolicy; a NetworkPolicy selects within its namespace"));
        }

        if (string.IsNullOrWhiteSpace(policy.Selector))
        {
            errors.Add(new(path + ".selector", "is empty; expected a Calico selector such as app == 'web', or all()"));
        }
        else
        {
            CheckSelector(errors, path + ".selector", policy.Selector);
        }

        CheckSelector(errors, path + ".namespaceSelector", policy.NamespaceSelector);

        if (policy.Order is < 0)
        {
            errors.Add(new(path + ".order", $"{policy.Order.Value.ToString(CultureInfo.InvariantCulture)} is not allowed; expected 0 or more"));
        }

        if (policy.Ingress.IsEmpty && policy.Egress.IsEmpty)
        {
            errors.Add(new(path, "has no rules; expected at least one ingress or egress rule"));
        }

        var hasHttp = false;
        for (var i = 0; i < policy.Ingress.Length; i++)
        {
            hasHttp |= CheckRule(policy.Ingress[i], $"{path}.ingress[{i}]", ingress: true, mode, calicoVersion, errors, warnings);
        }

        for (var i = 0; i < policy.Egress.Length; i++)
        {
            hasHttp |= CheckRule(policy.Egress[i], $"{path}.egress[{i}]", ingress: false, mode, calicoVersion, errors, warnings);
        }

        if (hasHttp && mode == AlpMode.Enterprise && policy.Kind == PolicyKind.NetworkPolicy)
        {
            errors.Add(new(path + ".kind", "'NetworkPolicy' is not allowed for HTTP matches in enterprise mode: Calico Enterprise application layer policies are cluster-wide, so use GlobalNetworkPolicy"));
        }

        if (hasHttp && mode == AlpMode.Istio && !alpEnabled)
        {
            warnings.Add($"{path}: applicationLayerPolicy is false, so its HTTP matches are not enforced and its rules act as plain L4 allows");
        }

        // Name the policy in every message as well as its index in the key path.
        var named = $"policy '{policy.Name}': ";
        return ([.. errors.Select(e => e with { Message = named + e.Message })], [.. warnings]);
    }

    private static bool CheckRule(PolicyRule rule, string path, bool ingress, AlpMode mode, SemVersion calicoVersion, List<ConfigError> errors, List<string> warnings)
    {
        foreach (var (endpoint, name) in new[] { (rule.Source, "source"), (rule.Destination, "destination") })
        {
            if (endpoint is null)
            {
                continue;
            }

            CheckSelector(errors, $"{path}.{name}.selector", endpoint.Selector);
            CheckSelector(errors, $"{path}.{name}.namespaceSelector", endpoint.NamespaceSelector);
            CheckSelector(errors, $"{path}.{name}.serviceAccounts.selector", endpoint.ServiceAccounts?.Selector);
            var ports = endpoint.PortList;
            for (var p = 0; p < ports.Length; p++)
            {
                if (ports[p] is < 1 or > 65535)
                {
                    errors.Add(new($"{path}.{name}.ports[{p}]", $"{ports[p]} is not a port; expected 1 to 65535"));
                }
            }

            if (!ports.IsEmpty && rule.Protocol is not ("TCP" or "UDP" or "SCTP" or "UDPLite"))
            {
                errors.Add(new($"{path}.{name}.ports", "ports need protocol TCP, UDP, SCTP or UDPLite on the rule"));
            }

            if (endpoint.ServiceAccounts is { } accounts)
            {
                foreach (var account in accounts.Names.Where(a => !Names.IsSubdomain(a)))
                {
                    errors.Add(new($"{path}.{name}.serviceAccounts.names", $"'{account}' is not a valid service account name"));
                }

                if (accounts.Names.IsEmpty && string.IsNullOrWhiteSpace(accounts.Selector))
                {
                    errors.Add(new($"{path}.{name}.serviceAccounts", "is empty; give names, a selector, or both"));
                }
            }
        }

        if (rule.Http is not { } http)
        {
            return false;
        }

        var at = path + ".http";
        if (!ingress)
        {
            errors.Add(new(at, "HTTP match is not allowed in egress rules; Dikastes only sees inbound requests"));
        }

        if (rule.Action != RuleAction.Allow)
        {
            errors.Add(new(at, $"HTTP match is only valid on Allow rules, not '{rule.Action}'"));
        }

        if (rule.Protocol is not (null or "TCP"))
        {
            errors.Add(new(path + ".protocol", $"'{rule.Protocol}' is not allowed with an HTTP match; rules that specify HTTP fields must set protocol to TCP or leave it unset"));
        }

        if (http.Methods.Length > MaxMethods)
        {
            errors.Add(new(at + ".methods", $"{http.Methods.Length} methods; at most {MaxMethods} are allowed"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var m = 0; m < http.Methods.Length; m++)
        {
            var method = http.Methods[m];
            if (string.IsNullOrWhiteSpace(method))
            {
                errors.Add(new($"{at}.methods[{m}]", "is empty; expected an HTTP method such as GET"));
            }
            else if (AsciiText.FirstOutside(method, spaces: false) is { } where)
            {
                errors.Add(new($"{at}.methods[{m}]", $"'{method}' has {where}, which no HTTP method holds (a method is an ASCII token); it would never match"));
            }
            else if (!seen.Add(method))
            {
                errors.Add(new($"{at}.methods[{m}]", $"'{method}' is listed more than once"));
            }
            else if (method.Any(char.IsLower))
            {
                warnings.Add($"{at}.methods[{m}]: '{method}' is matched case-sensitively, so it never matches a standard '{method.ToUpperInvariant()}' request");
            }
        }

        if (http.Paths.Length > MaxPaths)
        {
            errors.Add(new(at + ".paths", $"{http.Paths.Length} paths; at most {MaxPaths} are allowed"));
        }

        for (var p = 0; p < http.Paths.Length; p++)
        {
            var match = http.Paths[p];
            var pathAt = $"{at}.paths[{p}]";
            if ((match.Exact is null) == (match.Prefix is null))
            {
                errors.Add(new(pathAt, "must have exactly one of exact or prefix"));
                continue;
            }

            var value = match.Exact ?? match.Prefix!;
            var field = pathAt + (match.Exact is null ? ".prefix" : ".exact");
            if (!value.StartsWith('/'))
            {
                errors.Add(new(field, $"'{value}' must start with '/'"));
            }

            // A request path carries no raw whitespace or control characters (they arrive percent-encoded),
            // and a tab or line break would also read back from the rendered YAML as something else.
            if (value.IndexOfAny(ForbiddenPathChars) >= 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                errors.Add(new(field, $"'{value}' must not contain '?', '#', whitespace or control characters"));
            }
            else if (AsciiText.FirstOutside(value, spaces: false) is { } where)
            {
                errors.Add(new(field, $"'{value}' has {where}; a request path is ASCII on the wire (anything else arrives percent-encoded), so it would never match: write the percent-encoding"));
            }

            if (value.Length > MaxPathLength)
            {
                errors.Add(new(field, $"is {value.Length} characters long; at most {MaxPathLength} are allowed"));
            }
        }

        if (!http.Headers.IsEmpty)
        {
            if (mode != AlpMode.Enterprise)
            {
                errors.Add(new(at + ".headers", "header matches are Calico Enterprise only; Calico OSS and Dikastes with Istio match methods and paths"));
            }
            else if (calicoVersion < HeadersFromEnterprise)
            {
                errors.Add(new(at + ".headers", $"header matches need Calico Enterprise v{HeadersFromEnterprise.MinorText} or later, not v{calicoVersion}"));
            }

            for (var h = 0; h < http.Headers.Length; h++)
            {
                if (string.IsNullOrWhiteSpace(http.Headers[h].Header) || string.IsNullOrWhiteSpace(http.Headers[h].Operator))
                {
                    errors.Add(new($"{at}.headers[{h}]", "needs both header and operator"));
                }
            }
        }

        return true;
    }

    private static void CheckSelector(List<ConfigError> errors, string path, string? selector)
    {
        if (selector is not null && CalicoSelectors.Problem(selector) is { } problem)
        {
            errors.Add(new(path, $"'{selector}' is not a Calico selector: {problem}"));
        }
    }
}
