using CalicoAlp.Tests.Support;

namespace CalicoAlp.ApiServer.Tests;

/// <summary>`alp doctor --stack dev` against the tier's kube-apiserver, once the recorded healthy cluster is applied to it, and once a broken copy is.</summary>
[Collection(ApiServerGroup.Name)]
public sealed class DoctorOnServerTests(ApiServerTier tier)
{
    [SkippableFact]
    public async Task A_healthy_cluster_passes_every_check()
    {
        Skip.If(tier.SkipReason is not null, tier.SkipReason);
        var (code, stdout) = await DoctorAgainst(RecordedCluster.Healthy());
        Assert.True(code == 0 && !stdout.Contains("\nfail ", StringComparison.Ordinal), stdout);
        Assert.Matches(@"(?m)^pass +kubernetes-version +API server 1\.35 \(v1\.35\.\d+\)", stdout);
        Assert.Matches(@"(?m)^pass +calico-api-server +APIService v3\.projectcalico\.org Available", stdout);
        Assert.Matches(@"(?m)^pass +workload payments/payments-api +Deployment exists", stdout);
        Assert.Matches(@"(?m)^pass +field-owners alp-demo/frontend ", stdout);
    }

    [SkippableFact]
    public async Task A_broken_cluster_fails_the_checks_it_breaks_and_only_those()
    {
        Skip.If(tier.SkipReason is not null, tier.SkipReason);
        var objects = RecordedCluster.Healthy().ToList();
        // calico-node runs an older Calico than the stack declares, and payments is gone.
        var node = objects.Single(o => o["kind"]!.GetValue<string>() == "DaemonSet" && o["metadata"]!["name"]!.GetValue<string>() == "calico-node");
        node["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "quay.io/calico/node:v3.32.3";
        objects.RemoveAll(o => o["metadata"]!["namespace"]?.GetValue<string>() == "payments"
            || (o["kind"]!.GetValue<string>() == "Namespace" && o["metadata"]!["name"]!.GetValue<string>() == "payments"));

        var (code, stdout) = await DoctorAgainst(objects);
        Assert.Equal(2, code);
        var failed = stdout.Split('\n').Where(l => l.StartsWith("fail ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
        Assert.Equal(["calico-version", "namespace"], failed.Distinct().Order(StringComparer.Ordinal));
        Assert.Matches(@"(?m)^fail +namespace payments +does not exist", stdout);
    }

    [SkippableFact]
    public async Task Alp_init_writes_a_stack_for_the_cluster_that_alp_check_takes()
    {
        Skip.If(tier.SkipReason is not null, tier.SkipReason);
        using var project = new ScratchProject();
        var (code, stdout) = await Against(RecordedCluster.Healthy(), () => tier.Alp(project.Directory, "init", "--stack", "staging", "--context", "envtest"));
        Assert.True(code == 0, stdout);
        var settings = CalicoAlp.Stacks.Loading.StackLoader.FromFiles(project.Directory, "staging").Settings!;
        Assert.Equal(("envtest", "1.35", "v3.33.1"), (settings.Cluster.KubeContext, settings.Cluster.KubernetesVersion.MinorText, settings.Calico.VersionText));
        Assert.Contains("#   - name: payments", File.ReadAllText(Path.Combine(project.Directory, "Pulumi.staging.yaml")), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_revision_is_in_use_while_a_real_pod_says_it_injected_it_or_a_foreign_tag_points_to_it()
    {
        Skip.If(tier.SkipReason is not null, tier.SkipReason);
        // Step 4 removes 1-30-4. Its istiod (the stack's own), a pod it injected that carries the tag as its label, a pod
        // already on 1-31-0, and another team's tag still on 1-30-4.
        var objects = RecordedCluster.Healthy().ToList();
        objects.InsertRange(0, [PreexistingObjects.Namespace("istio-system")]);
        objects.Add(Istiod("istiod-1-30-4", "1-30-4", "1.30.4"));
        objects.Add(Object("v1", "ServiceAccount", "payments", "default"));
        objects.Add(Pod("payments-api-old", "1-30-4"));
        objects.Add(Pod("payments-api-new", "1-31-0"));
        var tag = Object("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", null, "istio-revision-tag-other-team");
        tag["metadata"]!["labels"] = new JsonObject { ["istio.io/tag"] = "other-team", ["istio.io/rev"] = "1-30-4" };
        objects.Add(tag);

        var step4 = Path.Combine(RepoPaths.Root, "examples", "upgrade", "Pulumi.step4.yaml");
        var (code, stdout) = await Against(objects, () => tier.Alp(RepoPaths.Root, "doctor", "--stack", "upgrade", "--stack-file", step4, "--context", "envtest"),
            o => o["metadata"]!["name"]!.GetValue<string>() == "istiod-1-30-4" ? "pulumi-kubernetes-upgrade" : RecordedCluster.Manager);
        Assert.Equal(2, code);
        Assert.Matches(@"(?m)^fail +revision-in-use 1-30-4 +1 pod\(s\) injected by it or asking for it \(payments/payments-api-old\); tag\(s\) this stack does not declare still point to it: other-team$", stdout);
    }

    [SkippableFact]
    public async Task Beside_a_foreign_istiod_doctor_tells_the_case_from_the_real_field_managers()
    {
        Skip.If(tier.SkipReason is not null, tier.SkipReason);
        var objects = RecordedCluster.Healthy().ToList();
        objects.InsertRange(0, [PreexistingObjects.Namespace("istio-system")]);
        objects.Add(Istiod("istiod", null, "1.31.0"));
        var beside = Path.Combine(RepoPaths.Root, "examples", "beside", "Pulumi.beside.yaml");

        var (_, besideOut) = await Against(objects, () => tier.Alp(RepoPaths.Root, "doctor", "--stack", "beside", "--stack-file", beside, "--context", "envtest"));
        Assert.Matches(@"(?m)^pass +existing-istio +an Istio this stack did not install: istio-system/istiod \(revision default, docker.io/istio/pilot:1.31.0\); the stack installs its own revisions beside it", besideOut);
        // The tier's Istio CRDs were applied by Pulumi's manager, as a stack's base chart: declaring them existing would delete them.
        Assert.Matches(@"(?m)^fail +istio-crds +Istio's CRDs were applied by Pulumi", besideOut);

        var (devCode, devOut) = await Against(objects, tier.Doctor);
        Assert.Equal(2, devCode);
        Assert.Matches(@"(?m)^fail +existing-istio +an Istio this stack did not install", devOut);
    }

    private static JsonObject Object(string apiVersion, string kind, string? ns, string name) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["metadata"] = ns is null ? new JsonObject { ["name"] = name } : new JsonObject { ["name"] = name, ["namespace"] = ns },
    };

    private static JsonObject Istiod(string name, string? revision, string version)
    {
        var istiod = Object("apps/v1", "Deployment", "istio-system", name);
        istiod["metadata"]!["labels"] = new JsonObject { ["app"] = "istiod", ["istio.io/rev"] = revision ?? "default" };
        istiod["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "istiod", ["istio.io/rev"] = revision ?? "default" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "istiod", ["istio.io/rev"] = revision ?? "default" } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "discovery", ["image"] = $"docker.io/istio/pilot:{version}" }) },
            },
        };
        return istiod;
    }

    /// <summary>A pod enrolled by tag prod-stable, as the injector of <paramref name="injectedBy"/> leaves it.</summary>
    private static JsonObject Pod(string name, string injectedBy)
    {
        var pod = Object("v1", "Pod", "payments", name);
        pod["metadata"]!["labels"] = new JsonObject { ["app"] = "payments-api", ["istio.io/rev"] = "prod-stable" };
        pod["metadata"]!["annotations"] = new JsonObject { ["istio.io/rev"] = injectedBy };
        pod["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "docker.io/hashicorp/http-echo:1.0" }) };
        return pod;
    }

    private Task<(int Code, string Stdout)> DoctorAgainst(IReadOnlyList<JsonObject> objects) => Against(objects, tier.Doctor);

    /// <summary>Runs <paramref name="run"/> with <paramref name="objects"/> applied to the server (each by its field manager), and removes them after.</summary>
    private async Task<(int Code, string Stdout)> Against(IReadOnlyList<JsonObject> objects, Func<(int Code, string Stdout)> run, Func<JsonObject, string>? manager = null)
    {
        var applied = new List<JsonObject>();
        try
        {
            foreach (var obj in objects)
            {
                var status = obj["status"];
                obj.Remove("status");
                await tier.Api.ApplyAsync(obj, manager?.Invoke(obj) ?? RecordedCluster.Manager);
                applied.Add(obj);
                if (status is JsonObject && obj["kind"]!.GetValue<string>() != "Namespace")
                {
                    var withStatus = StackRun.Bare(obj);
                    withStatus["status"] = status.DeepClone();
                    await tier.Api.ApplyStatusAsync(withStatus, RecordedCluster.Manager);
                }
            }

            return run();
        }
        finally
        {
            foreach (var obj in Enumerable.Reverse(applied))
            {
                if (obj["kind"]!.GetValue<string>() == "Namespace")
                {
                    await tier.Api.DeleteNamespaceAsync(obj["metadata"]!["name"]!.GetValue<string>());
                }
                else if (obj["metadata"]!["namespace"]?.GetValue<string>() is null or "kube-system")
                {
                    await tier.Api.DeleteAsync(obj);
                }
            }
        }
    }
}
