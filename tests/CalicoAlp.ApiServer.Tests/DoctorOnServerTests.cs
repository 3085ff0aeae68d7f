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
        var project = Directory.CreateTempSubdirectory("alp-apiserver-init-").FullName;
        try
        {
            File.Copy(Path.Combine(CalicoAlp.Tests.Support.RepoPaths.Root, "Pulumi.yaml"), Path.Combine(project, "Pulumi.yaml"));
            var (code, stdout) = await Against(RecordedCluster.Healthy(), () => tier.Alp(project, "init", "--stack", "staging", "--context", "envtest"));
            Assert.True(code == 0, stdout);
            var settings = CalicoAlp.Stacks.Loading.StackLoader.FromFiles(project, "staging").Settings!;
            Assert.Equal(("envtest", "1.35", "v3.33.1"), (settings.Cluster.KubeContext, settings.Cluster.KubernetesVersion.MinorText, settings.Calico.VersionText));
            Assert.Contains("#   - name: payments", File.ReadAllText(Path.Combine(project, "Pulumi.staging.yaml")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    private Task<(int Code, string Stdout)> DoctorAgainst(IReadOnlyList<JsonObject> objects) => Against(objects, tier.Doctor);

    /// <summary>Runs <paramref name="run"/> with <paramref name="objects"/> applied to the server, and removes them after.</summary>
    private async Task<(int Code, string Stdout)> Against(IReadOnlyList<JsonObject> objects, Func<(int Code, string Stdout)> run)
    {
        var applied = new List<JsonObject>();
        try
        {
            foreach (var obj in objects)
            {
                var status = obj["status"];
                obj.Remove("status");
                await tier.Api.ApplyAsync(obj, RecordedCluster.Manager);
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
