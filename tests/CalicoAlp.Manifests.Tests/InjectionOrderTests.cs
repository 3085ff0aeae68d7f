using System.Text.Json.Nodes;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// Where istiod puts the Dikastes container of our template, and what that means at pod shutdown.
/// istiod cannot run here (no Go toolchain or module source on our machines), so this is a model of
/// its merge, each step named after the code it follows in istio/istio release-1.30 and release-1.31
/// (docs/domain.md, "Where the Dikastes container lands"): RunTemplate applies each selected
/// template as a strategic merge patch (inject.go RunTemplate, webhook.go applyOverlayYAML), which
/// merges list items by name in place and appends new ones in template order; then reorderPod moves
/// istio-proxy, istio-validation and istio-init to the front of initContainers when the proxy is a
/// native sidecar (webhook.go reorderPod).
/// </summary>
public sealed class InjectionOrderTests
{
    /// <summary>The shape of istiod's own sidecar template with native sidecars on (files/injection-template.yaml).</summary>
    private static readonly JsonObject SidecarTemplate = new()
    {
        ["spec"] = new JsonObject
        {
            ["initContainers"] = new JsonArray(
                new JsonObject { ["name"] = "istio-init" },
                new JsonObject { ["name"] = "istio-proxy", ["restartPolicy"] = "Always" }),
        },
    };

    private static JsonArray Merge(JsonArray? target, JsonArray? patch)
    {
        var result = target?.DeepClone().AsArray() ?? [];
        foreach (var item in patch ?? [])
        {
            var name = item!["name"]!.GetValue<string>();
            if (result.FirstOrDefault(c => c!["name"]!.GetValue<string>() == name) is JsonObject existing)
            {
                foreach (var (key, value) in item.AsObject())
                {
                    existing[key] = value?.DeepClone();
                }
            }
            else
            {
                result.Add(item.DeepClone());
            }
        }

        return result;
    }

    private static JsonObject Inject(JsonObject pod, params JsonObject[] templates)
    {
        var spec = pod["spec"]!.DeepClone().AsObject();
        foreach (var template in templates)
        {
            foreach (var list in new[] { "initContainers", "containers" })
            {
                if (template["spec"]?[list] is JsonArray patch)
                {
                    spec[list] = Merge(spec[list] as JsonArray, patch);
                }
            }
        }

        // reorderPod, native-sidecar branch: each MoveFirst puts that container at the front, in this order.
        var init = spec["initContainers"]!.AsArray().Select(c => c!.DeepClone()).ToList();
        foreach (var name in new[] { "istio-proxy", "istio-validation", "istio-init" })
        {
            var found = init.FindIndex(c => c["name"]!.GetValue<string>() == name);
            if (found > 0)
            {
                var container = init[found];
                init.RemoveAt(found);
                init.Insert(0, container);
            }
        }

        spec["initContainers"] = new JsonArray([.. init]);
        return new JsonObject { ["spec"] = spec };
    }

    private static string[] Names(JsonObject pod, string list) =>
        [.. (pod["spec"]![list] as JsonArray ?? []).Select(c => c!["name"]!.GetValue<string>())];

    private static JsonObject Dikastes() => YamlJson.Single(TestStacks.Plan("prod").InjectorTemplates["dikastes"])!.AsObject();

    [Fact]
    public void Dikastes_lands_after_istio_proxy_and_the_apps_own_init_containers_and_never_among_the_app_containers()
    {
        var pod = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["initContainers"] = new JsonArray(new JsonObject { ["name"] = "migrate" }),
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "app" }),
            },
        };

        var injected = Inject(pod, SidecarTemplate, Dikastes());
        Assert.Equal(["istio-init", "istio-proxy", "migrate", "dikastes"], Names(injected, "initContainers"));
        Assert.Equal(["app"], Names(injected, "containers"));

        // Native sidecars start in this order and stop in reverse after the app containers have
        // exited: Dikastes stops after the app and before Envoy, so no request the app still
        // serves is checked against a Dikastes that is gone.
        var sidecars = injected["spec"]!["initContainers"]!.AsArray().Where(c => c!["restartPolicy"]?.GetValue<string>() == "Always")
            .Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["istio-proxy", "dikastes"], sidecars);
    }

    [Fact]
    public void A_jobs_pod_keeps_only_its_own_containers_so_it_completes()
    {
        var job = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["restartPolicy"] = "Never",
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "report" }),
            },
        };

        var injected = Inject(job, SidecarTemplate, Dikastes());
        // A pod completes when its regular containers have exited; native sidecars are stopped then.
        Assert.Equal(["report"], Names(injected, "containers"));
        Assert.Contains("dikastes", Names(injected, "initContainers"));
    }
}
