using System.Collections.Immutable;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Stacks.Tests;

/// <summary>A failing example for every one of Calico's HTTP-match rules, through stack config.</summary>
public sealed class HttpPolicyRulesTests
{
    private const string Ok = """{"name":"p","kind":"GlobalNetworkPolicy","selector":"app == 'a'","ingress":[{"action":"Allow","http":{"methods":["GET"],"paths":[{"exact":"/x"}]}}]}""";

    private static LoadResult Load(string policies, params (string, string)[] more) =>
        StackValues.Load([("httpPolicies", policies), .. more]);

    private static string Many(string item, int count) => string.Join(",", Enumerable.Repeat(item, count));

    public static TheoryData<string, string, string, string> Violations => new()
    {
        { "http in an egress rule", """[{"name":"p","kind":"GlobalNetworkPolicy","egress":[{"action":"Allow","http":{"methods":["GET"]}}]}]""", "calico-alp:httpPolicies[0].egress[0].http", "not allowed in egress rules" },
        { "http on a Deny rule", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Deny","http":{"methods":["GET"]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http", "only valid on Allow rules" },
        { "http with protocol UDP", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","protocol":"UDP","http":{"methods":["GET"]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].protocol", "must set protocol to TCP or leave it unset" },
        { "more than 20 methods", $$$"""[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"methods":[{{{string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"M{i}\""))}}}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.methods", "at most 20" },
        { "a duplicate method", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"methods":["GET","PUT","GET"]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.methods[2]", "'GET' is listed more than once" },
        { "an empty method", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"methods":[""]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.methods[0]", "is empty" },
        { "more than 20 paths", $$$"""[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{{{Many("{\"prefix\":\"/a\"}", 21)}}}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths", "at most 20" },
        { "exact and prefix together", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{"exact":"/a","prefix":"/b"}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths[0]", "exactly one of exact or prefix" },
        { "neither exact nor prefix", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths[0]", "exactly one of exact or prefix" },
        { "a path without a leading slash", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{"prefix":"users"}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths[0].prefix", "must start with '/'" },
        { "a path with a query", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{"exact":"/a?b=1"}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths[0].exact", "must not contain '?', '#', whitespace or control characters" },
        { "a path with a tab", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{"prefix":"/v1\t"}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths[0].prefix", "'/v1\t' must not contain '?', '#', whitespace or control characters" },
        { "a path with a line break", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{"exact":"/a\r\nb"}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths[0].exact", "must not contain '?', '#', whitespace or control characters" },
        { "a path with a next-line character", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{"exact":"/c\u0085"}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths[0].exact", "must not contain '?', '#', whitespace or control characters" },
        { "a path with a fragment", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{"exact":"/a#top"}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths[0].exact", "must not contain" },
        { "a path with a space", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{"prefix":"/a b"}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths[0].prefix", "must not contain" },
        { "a path over 1024 characters", $$$"""[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{"prefix":"/{{{new string('a', 1024)}}}"}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths[0].prefix", "at most 1024" },
        { "a method with a Cyrillic look-alike letter", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"methods":["G\u0415T"]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.methods[0]", "has U+0415 at position 2, which no HTTP method holds" },
        { "a method with a zero-width space", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"methods":["GET\u200b"]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.methods[0]", "has U+200B at position 4" },
        { "a path with a Cyrillic look-alike letter", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"paths":[{"prefix":"/v1/p\u0430yments"}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.paths[0].prefix", "has U+0430 at position 6; a request path is ASCII on the wire" },
        { "a selector with a zero-width space", """[{"name":"p","kind":"GlobalNetworkPolicy","selector":"app == 'trading\u200bapp'","ingress":[{"action":"Allow"}]}]""", "calico-alp:httpPolicies[0].selector", "U+200B at position 16 is not printable ASCII" },
        { "a source selector with a look-alike letter", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","source":{"selector":"\u0430pp == 'web'"}}]}]""", "calico-alp:httpPolicies[0].ingress[0].source.selector", "U+0430 at position 1 is not printable ASCII" },
        { "a header match in istio mode", """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"headers":[{"header":"x-team","operator":"In","values":["a"]}]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].http.headers", "Calico Enterprise only" },
        { "a namespaced policy without a namespace", """[{"name":"p","kind":"NetworkPolicy","ingress":[{"action":"Allow"}]}]""", "calico-alp:httpPolicies[0].namespace", "needs the namespace" },
        { "a namespace on a global policy", """[{"name":"p","kind":"GlobalNetworkPolicy","namespace":"shop","ingress":[{"action":"Allow"}]}]""", "calico-alp:httpPolicies[0].namespace", "is cluster-wide" },
        { "a namespaceSelector on a namespaced policy", """[{"name":"p","namespace":"shop","namespaceSelector":"all()","ingress":[{"action":"Allow"}]}]""", "calico-alp:httpPolicies[0].namespaceSelector", "only allowed on a GlobalNetworkPolicy" },
        { "a reserved name", """[{"name":"calico-alp-allow-istiod","namespace":"shop","ingress":[{"action":"Allow"}]}]""", "calico-alp:httpPolicies[0].name", "reserved" },
        { "an invalid name", """[{"name":"Bad Name","namespace":"shop","ingress":[{"action":"Allow"}]}]""", "calico-alp:httpPolicies[0].name", "DNS-1123 subdomain" },
        { "no rules", """[{"name":"p","namespace":"shop"}]""", "calico-alp:httpPolicies[0]", "has no rules" },
        { "a port out of range", """[{"name":"p","namespace":"shop","ingress":[{"action":"Allow","protocol":"TCP","destination":{"ports":[70000]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].destination.ports[0]", "not a port" },
        { "ports without a protocol", """[{"name":"p","namespace":"shop","ingress":[{"action":"Allow","destination":{"ports":[80]}}]}]""", "calico-alp:httpPolicies[0].ingress[0].destination.ports", "need protocol" },
        { "empty service accounts", """[{"name":"p","namespace":"shop","ingress":[{"action":"Allow","source":{"serviceAccounts":{}}}]}]""", "calico-alp:httpPolicies[0].ingress[0].source.serviceAccounts", "give names, a selector, or both" },
        { "an unknown action", """[{"name":"p","namespace":"shop","ingress":[{"action":"allow"}]}]""", "calico-alp:httpPolicies[0].ingress[0].action", "did you mean 'Allow'" },
        { "an unknown kind", """[{"name":"p","kind":"ClusterPolicy","ingress":[{"action":"Allow"}]}]""", "calico-alp:httpPolicies[0].kind", "expected one of: NetworkPolicy, GlobalNetworkPolicy" },
        { "a misspelt rule field", """[{"name":"p","namespace":"shop","ingress":[{"action":"Allow","htpp":{}}]}]""", "calico-alp:httpPolicies[0].ingress[0].htpp", "did you mean 'http'" },
        { "a policy declared twice", $"[{Ok},{Ok}]", "calico-alp:httpPolicies[1].name", "declared more than once" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Each_calico_rule_rejects_its_violation_naming_the_policy_and_rule(string rule, string policies, string key, string expect)
    {
        var result = Load(policies);
        Assert.False(result.Ok, rule);
        Assert.Contains(result.Errors, e => e.Key == key && e.Message.Contains(expect, StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_name_the_policy_itself_too()
    {
        var result = Load("""[{"name":"orders-api","kind":"GlobalNetworkPolicy","ingress":[{"action":"Deny","http":{"methods":["GET"]}}]}]""");
        Assert.Contains(result.Errors, e => e.Message.StartsWith("policy 'orders-api': ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_valid_policy_loads_with_its_typed_rules()
    {
        var result = Load($"[{Ok}]");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var policy = Assert.Single(result.Settings!.HttpPolicies);
        Assert.Equal(PolicyKind.GlobalNetworkPolicy, policy.Kind);
        Assert.Equal(["GET"], policy.Ingress.Single().Http!.Methods.ToArray());
        Assert.Equal("/x", policy.Ingress.Single().Http!.Paths.Single().Exact);
    }

    [Fact]
    public void Twenty_methods_and_twenty_paths_are_still_allowed()
    {
        var methods = string.Join(",", Enumerable.Range(0, 20).Select(i => $"\"M{i}\""));
        var paths = string.Join(",", Enumerable.Range(0, 20).Select(i => $"{{\"prefix\":\"/p{i}\"}}"));
        Assert.True(Load($$$"""[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","protocol":"TCP","http":{"methods":[{{{methods}}}],"paths":[{{{paths}}}]}}]}]""").Ok);
    }

    [Fact]
    public void Methods_are_case_sensitive_so_get_and_GET_are_different_and_lower_case_warns()
    {
        var result = Load("""[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"methods":["GET","get"]}}]}]""");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Contains(result.Settings!.Warnings, w => w.Contains("'get' is matched case-sensitively", StringComparison.Ordinal));
    }

    [Fact]
    public void Headers_are_allowed_in_enterprise_mode_from_3_22_only()
    {
        const string Headers = """[{"name":"p","kind":"GlobalNetworkPolicy","ingress":[{"action":"Allow","http":{"headers":[{"header":"x-team","operator":"In","values":["a"]}]}}]}]""";
        Assert.True(Load(Headers, ("mode", "enterprise"), ("calicoVersion", "v3.22.1")).Ok);
        Assert.Contains(Load(Headers, ("mode", "enterprise"), ("calicoVersion", "v3.20.7")).Errors, e => e.Message.Contains("v3.22 or later", StringComparison.Ordinal));
    }

    [Fact]
    public void Enterprise_http_policies_must_be_global()
    {
        var result = Load("""[{"name":"p","namespace":"shop","ingress":[{"action":"Allow","http":{"methods":["GET"]}}]}]""", ("mode", "enterprise"), ("calicoVersion", "v3.20.7"));
        Assert.Contains(result.Errors, e => e.Key == "calico-alp:httpPolicies[0].kind" && e.Message.Contains("cluster-wide", StringComparison.Ordinal));
    }

    [Fact]
    public void The_validator_is_usable_from_csharp_without_config()
    {
        var policy = new HttpPolicy("p", PolicyKind.GlobalNetworkPolicy, null, "all()", null, null,
            [new PolicyRule(RuleAction.Allow, Http: new HttpMatch([], [new HttpPathMatch("no-slash", null)], []))], []);
        var (errors, _) = HttpPolicyRules.Validate(policy, "policy", AlpMode.Istio, new SemVersion(3, 32, 1), alpEnabled: true);
        Assert.Contains(errors, e => e.Key == "policy.ingress[0].http.paths[0].exact");
    }

    [Fact]
    public void Http_matches_while_alp_is_off_warn_that_they_act_as_plain_l4_allows()
    {
        var result = Load($"[{Ok}]", ("applicationLayerPolicy", "false"));
        Assert.True(result.Ok);
        Assert.Contains(result.Settings!.Warnings, w => w.Contains("plain L4 allows", StringComparison.Ordinal));
    }

    [Fact]
    public void Enterprise_settings_are_refused_in_istio_mode_and_istio_settings_in_enterprise_mode()
    {
        var istio = StackValues.Load(("applicationLayer", """{"webApplicationFirewall":"Enabled"}"""),
            ("namespaces", """[{"name":"shop","enrolment":"namespace","waf":true}]"""));
        Assert.Contains(istio.Errors, e => e.Key == "calico-alp:applicationLayer" && e.Message.Contains("Calico Enterprise setting", StringComparison.Ordinal));
        Assert.Contains(istio.Errors, e => e.Key == "calico-alp:namespaces[0].waf");

        var enterprise = StackValues.Load(("mode", "enterprise"), ("calicoVersion", "v3.20.7"), ("istioRevision", "canary"));
        Assert.Contains(enterprise.Errors, e => e.Key == "calico-alp:istioRevision" && e.Message.Contains("installs no Istio", StringComparison.Ordinal));
    }

    [Fact]
    public void Application_layer_toggles_are_checked()
    {
        var result = StackValues.Load(("mode", "enterprise"), ("calicoVersion", "v3.20.7"),
            ("applicationLayer", """{"webApplicationFirewall":"On","envoy":{"xffNumTrustedHops":-1}}"""));
        Assert.Contains(result.Errors, e => e.Key == "calico-alp:applicationLayer.webApplicationFirewall" && e.Message.Contains("Enabled, Disabled", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Key == "calico-alp:applicationLayer.envoy.xffNumTrustedHops");
    }
}
