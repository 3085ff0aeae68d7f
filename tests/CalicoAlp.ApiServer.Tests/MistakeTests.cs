using System.Net;
using CalicoAlp.TestKit.Schemas;

namespace CalicoAlp.ApiServer.Tests;

/// <summary>
/// Small mistakes a real kube-apiserver rejects: the ten of the API-server issue and one that shows
/// why the offline CEL evaluation tests presence itself. Nine are in an object, and the offline
/// validation (schemas, the server's rules beyond them, the CRDs' CEL rules) now catches each; two
/// are in the cluster (a Deployment that is not there, another manager's value), and alp doctor
/// names each before pulumi up meets it. Every case runs offline always, and on the server where
/// the tier has one.
/// </summary>
[Collection(ApiServerGroup.Name)]
public sealed class MistakeTests(ApiServerTier tier)
{
    private static readonly Lazy<SchemaCatalog> Catalog = new(() => new SchemaCatalog());

    /// <summary>A mistake in an object: how to make it from what dev renders, what offline validation says, what the server says.</summary>
    private sealed record Mistake(string Item, Action<JsonObject> Make, string Offline, HttpStatusCode Status, string Server);

    private static readonly Dictionary<string, Mistake> InObjects = new(StringComparer.Ordinal)
    {
        ["a Calico HTTP match on a UDP rule"] = new("networkpolicy.payments.payments-from-frontend",
            o => o["spec"]!["ingress"]![0]!["protocol"] = "UDP",
            "rules with HTTP match must have protocol TCP or unset", HttpStatusCode.UnprocessableEntity, "rules with HTTP match must have protocol TCP or unset"),
        ["Istio portLevelMtls without a selector"] = new("peerauthentication.istio-system.default",
            o => o["spec"]!["portLevelMtls"] = new JsonObject { ["8080"] = new JsonObject { ["mode"] = "DISABLE" } },
            "portLevelMtls requires selector", HttpStatusCode.UnprocessableEntity, "portLevelMtls requires selector"),
        // Kubernetes' has() answers by presence; the CEL library alone would call an empty map absent (TestKit's CelRules).
        ["an empty Istio portLevelMtls without a selector"] = new("peerauthentication.istio-system.default",
            o => o["spec"]!["portLevelMtls"] = new JsonObject(),
            "portLevelMtls requires selector", HttpStatusCode.UnprocessableEntity, "portLevelMtls requires selector"),
        ["an Istio CIDR address with DNS resolution"] = new("serviceentry.istio-system.dikastes",
            o =>
            {
                o["spec"]!["addresses"] = new JsonArray("10.96.0.0/16");
                o["spec"]!["resolution"] = "DNS";
            },
            "CIDR addresses are allowed only for NONE/STATIC resolution", HttpStatusCode.UnprocessableEntity, "CIDR addresses are allowed only for NONE/STATIC resolution"),
        ["an upper-case object name"] = new("networkpolicy.payments.payments-from-frontend",
            o => o["metadata"]!["name"] = "Payments-From-Frontend",
            "is not a DNS-1123 subdomain", HttpStatusCode.UnprocessableEntity, "a lowercase RFC 1123 subdomain"),
        ["a label value of 64 characters"] = new("networkpolicy.payments.payments-from-frontend",
            o => o["metadata"]!["labels"] = new JsonObject { ["team"] = new string('a', 64) },
            "must be at most 63 characters", HttpStatusCode.UnprocessableEntity, "must be no more than 63 bytes"),
        ["a label key of 64 characters"] = new("networkpolicy.payments.payments-from-frontend",
            o => o["metadata"]!["labels"] = new JsonObject { [new string('k', 64)] = "x" },
            "key '" + new string('k', 64) + "'", HttpStatusCode.UnprocessableEntity, "name part must be no more than 63 bytes"),
        ["duplicate container names in a patch"] = new("deployment.alp-demo.frontend",
            o => o["spec"]!["template"]!["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "a:1" }, new JsonObject { ["name"] = "app", ["image"] = "b:1" }),
            },
            "duplicate entries for key [name=\"app\"]", HttpStatusCode.InternalServerError, "duplicate entries for key [name=\"app\"]"),
        ["duplicate container ports in a patch"] = new("deployment.alp-demo.frontend",
            o => o["spec"]!["template"]!["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }, new JsonObject { ["containerPort"] = 8080 }),
                }),
            },
            "duplicate entries for key [containerPort=8080, protocol=\"TCP\"]", HttpStatusCode.InternalServerError, "duplicate entries for key [containerPort=8080,protocol=\"TCP\"]"),
    };

    public static TheoryData<string> ObjectMistakes => [.. InObjects.Keys];

    [Theory]
    [MemberData(nameof(ObjectMistakes))]
    public void Offline_validation_catches(string mistake)
    {
        var (obj, patch) = Made(InObjects[mistake]);
        var errors = Catalog.Value.Validate(obj, patch);
        Assert.True(errors.Any(e => e.Contains(InObjects[mistake].Offline, StringComparison.Ordinal)),
            $"{mistake}: offline validation said:\n{string.Join("\n", errors)}");
        var (unchanged, _) = Made(InObjects[mistake] with { Make = _ => { } });
        Assert.Empty(Catalog.Value.Validate(unchanged, patch));
    }

    [SkippableTheory]
    [MemberData(nameof(ObjectMistakes))]
    public async Task The_server_rejects(string mistake)
    {
        Skip.If(tier.SkipReason is not null, tier.SkipReason);
        var (obj, _) = Made(InObjects[mistake]);
        var plan = PlanBuilder.Build(TestStacks.Settings("dev"));
        var before = new PreexistingObjects(tier.Api, plan);
        await before.CreateAsync();
        foreach (var ns in plan.Items.Where(i => i.Kind == "Namespace" && i.Ownership == Ownership.Owned))
        {
            await tier.Api.ApplyAsync(ns.Body(), "pulumi-kubernetes-dev");
        }

        try
        {
            var refused = await Assert.ThrowsAsync<ServerRejectedException>(() => tier.Api.ApplyAsync(obj, "calico-alp-dev", dryRun: true));
            Assert.True(refused.Status == InObjects[mistake].Status && refused.ServerMessage.Contains(InObjects[mistake].Server, StringComparison.Ordinal),
                $"{mistake}: the server answered {refused.Message}");
            // The same object without the mistake is accepted: the refusal is the mistake's.
            var (unchanged, _) = Made(InObjects[mistake] with { Make = _ => { } });
            await tier.Api.ApplyAsync(unchanged, "calico-alp-dev", dryRun: true);
        }
        finally
        {
            await before.RemoveAsync();
        }
    }

    [SkippableFact]
    public async Task A_patch_of_a_Deployment_that_does_not_exist_is_named_by_doctor_and_rejected_by_the_server()
    {
        Skip.If(tier.SkipReason is not null, tier.SkipReason);
        await WithDev(except: "frontend", async () =>
        {
            var (code, stdout) = tier.Doctor();
            Assert.Equal(2, code);
            Assert.Matches(@"fail +workload alp-demo/frontend +no Deployment of that name", stdout);

            var patch = Item("deployment.alp-demo.frontend").Body();
            var refused = await Assert.ThrowsAsync<ServerRejectedException>(() => tier.Api.ApplyAsync(patch, "calico-alp-dev"));
            // Server-side apply makes it a create, which lacks what a Deployment needs.
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
            Assert.Contains("spec.selector: Required value", refused.ServerMessage, StringComparison.Ordinal);
            Assert.Null(await tier.Api.GetAsync(patch));
        });
    }

    [SkippableFact]
    public async Task Another_field_manager_holding_sidecar_inject_is_named_by_doctor_and_the_server_refuses_to_take_it()
    {
        Skip.If(tier.SkipReason is not null, tier.SkipReason);
        await WithDev(except: null, async () =>
        {
            var edit = PreexistingObjects.Deployment("alp-demo", "frontend");
            edit["spec"]!["template"]!["metadata"]!["labels"]!["sidecar.istio.io/inject"] = "false";
            await tier.Api.ApplyAsync(edit, "kubectl-edit");

            var (code, stdout) = tier.Doctor();
            Assert.Equal(2, code);
            Assert.Matches(@"fail +field-owners alp-demo/frontend +labels/sidecar\.istio\.io/inject is 'false' \(held by kubectl-edit\), the stack sets 'true'", stdout);
            Assert.Matches(@"pass +field-owners payments/payments-api", stdout);

            var refused = await Assert.ThrowsAsync<ServerRejectedException>(() => tier.Api.ApplyAsync(Item("deployment.alp-demo.frontend").Body(), "calico-alp-dev"));
            Assert.Equal(HttpStatusCode.Conflict, refused.Status);
            Assert.Contains("conflict with \"kubectl-edit\"", refused.ServerMessage, StringComparison.Ordinal);
            Assert.Contains(".spec.template.metadata.labels.sidecar.istio.io/inject", refused.ServerMessage, StringComparison.Ordinal);
        });
    }

    private static PlanItem Item(string id) => PlanBuilder.Build(TestStacks.Settings("dev")).Items.Single(i => i.Id == id);

    private static (JsonObject Object, bool Patch) Made(Mistake mistake)
    {
        var item = Item(mistake.Item);
        var obj = item.Body();
        mistake.Make(obj);
        return (obj, item.Ownership == Ownership.Patch);
    }

    /// <summary>dev's world on the server, one Deployment left out if asked.</summary>
    private async Task WithDev(string? except, Func<Task> test)
    {
        var before = new PreexistingObjects(tier.Api, PlanBuilder.Build(TestStacks.Settings("dev")));
        await before.CreateAsync();
        if (except is not null)
        {
            await tier.Api.DeleteAsync(before.Patched.Single(o => o["metadata"]!["name"]!.GetValue<string>() == except));
        }

        try
        {
            await test();
        }
        finally
        {
            await before.RemoveAsync();
        }
    }
}
