using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;

namespace CalicoAlp.TestKit.Schemas;

/// <summary>
/// The CEL rules (x-kubernetes-validations) of a CRD schema, evaluated over an object the way
/// kube-apiserver does on create: each rule at the node that declares it, with that node as
/// <c>self</c>, for every item of a list and every value of a map. Transition rules (those that
/// read <c>oldSelf</c>) only run on updates and are left out. A rule that cannot be evaluated is
/// reported as a problem, so a new rule never passes unnoticed.
/// </summary>
/// <remarks>
/// The served CEL library (Cel) parses every rule of the vendored CRDs. Two gaps are closed here,
/// each proved against the real server by the API-server tier (CelAgreementTests): Kubernetes'
/// own functions the rules call (isIP, ip().family(), isURL, url().getScheme(), substring), and
/// has(), which the library answers proto3-style (an empty map, list or string counts as
/// absent) while Kubernetes answers by presence; rules are rewritten to call a presence test.
/// </remarks>
public static partial class CelRules
{
    private static readonly CelEnvironment Environment = CreateEnvironment();
    private static readonly ConcurrentDictionary<string, CelProgramDelegate> Programs = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>Every rule of <paramref name="schema"/> that <paramref name="value"/> breaks, by path and the rule's message.</summary>
    public static IReadOnlyList<string> Check(JsonNode? value, JsonObject schema)
    {
        var errors = new List<string>();
        Walk(value, schema, string.Empty, errors);
        return errors;
    }

    private static void Walk(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        if (value is null)
        {
            return;
        }

        foreach (var rule in (schema["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var text = rule["rule"]?.GetValue<string>() ?? string.Empty;
            if (text.Contains("oldSelf", StringComparison.Ordinal))
            {
                continue;
            }

            var message = rule["message"]?.GetValue<string>() ?? $"failed rule: {text}";
            var where = path.Length == 0 ? "<root>" : path;
            try
            {
                if (Evaluate(text, value) is not true)
                {
                    errors.Add($"{where}: {message}");
                }
            }
            catch (CelException e)
            {
                errors.Add($"{where}: the rule '{text}' could not be evaluated offline: {e.Message}");
            }
        }

        switch (value)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var (name, child) in obj)
                {
                    if (properties[name] is JsonObject childSchema)
                    {
                        Walk(child, childSchema, $"{path}.{name}", errors);
                    }
                }

                break;
            case JsonObject map when schema["additionalProperties"] is JsonObject valueSchema:
                foreach (var (key, child) in map)
                {
                    Walk(child, valueSchema, $"{path}[{key}]", errors);
                }

                break;
            case JsonArray list when schema["items"] is JsonObject itemSchema:
                for (var i = 0; i < list.Count; i++)
                {
                    Walk(list[i], itemSchema, $"{path}[{i}]", errors);
                }

                break;
        }
    }

    private static object? Evaluate(string rule, JsonNode value)
    {
        var program = Programs.GetOrAdd(rule, r => Environment.Compile(PresenceTests().Replace(r, "present($1, '$2')")));
        // The environment's function table is shared state; the tests call this from parallel collections.
        lock (Gate)
        {
            return program(new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = Convert(value) });
        }
    }

    /// <summary>has(a.b.c) with a field path: the macro Kubernetes answers by the field's presence.</summary>
    [GeneratedRegex(@"\bhas\(\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.([A-Za-z_]\w*)\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex PresenceTests();

    private static object? Convert(JsonNode? node) => node switch
    {
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Convert(p.Value), StringComparer.Ordinal),
        JsonArray list => list.Select(Convert).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when v.TryGetValue<long>(out var l) => l,
            JsonValueKind.Number when v.TryGetValue<int>(out var i) => (long)i,
            JsonValueKind.Number => v.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };

    /// <summary>Kubernetes' isIP: no zone, and IPv4 only in its four-part form (.NET also reads "1" as 0.0.0.1).</summary>
    private static bool IsIP(string text) => IPAddress.TryParse(text, out var ip) &&
        (ip.AddressFamily == AddressFamily.InterNetworkV6 ? !text.Contains('%', StringComparison.Ordinal) : text.Count(c => c == '.') == 3);

    private static CelEnvironment CreateEnvironment()
    {
        var env = new CelEnvironment(null!, string.Empty);
        env.RegisterFunction("present", [typeof(object), typeof(string)], a => a[0] is IDictionary<string, object?> d && d.ContainsKey((string)a[1]!));
        env.RegisterFunction("isIP", [typeof(string)], a => IsIP((string)a[0]!));
        env.RegisterFunction("ip", [typeof(string)], a => IPAddress.Parse((string)a[0]!));
        env.RegisterFunction("family", [typeof(IPAddress)], a => ((IPAddress)a[0]!).AddressFamily == AddressFamily.InterNetwork ? 4L : 6L);
        env.RegisterFunction("isURL", [typeof(string)], a => Uri.TryCreate((string)a[0]!, UriKind.Absolute, out _));
        env.RegisterFunction("url", [typeof(string)], a => new Uri((string)a[0]!, UriKind.Absolute));
        env.RegisterFunction("getScheme", [typeof(Uri)], a => ((Uri)a[0]!).Scheme);
        env.RegisterFunction("substring", [typeof(string), typeof(long), typeof(long)], a =>
            ((string)a[0]!)[(int)(long)a[1]!..(int)(long)a[2]!]);
        return env;
    }
}
