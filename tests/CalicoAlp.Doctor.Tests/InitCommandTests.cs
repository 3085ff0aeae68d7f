using System.Text.Json.Nodes;
using CalicoAlp.Cli;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Doctor.Tests;

/// <summary>`alp init`: a platform team's own stack file, from the cluster of its current context.</summary>
[Collection(DoctorEnvironment.Name)]
public sealed class InitCommandTests() : KubeconfigScratch("alp-init-")
{
    /// <summary>The recorded cluster, with the list of every Deployment that alp init reads (and a system one it leaves out).</summary>
    private static RecordedCluster Cluster()
    {
        var healthy = RecordedCluster.Healthy();
        var all = new JsonArray();
        foreach (var ns in new[] { "alp-demo", "payments" })
        {
            foreach (var item in healthy[$"/apis/apps/v1/namespaces/{ns}/deployments"]["items"]!.AsArray())
            {
                var copy = item!.DeepClone();
                copy["metadata"]!["namespace"] = ns;
                all.Add(copy);
            }
        }

        all.Add(JsonNode.Parse("""{"metadata":{"name":"coredns","namespace":"kube-system"}}"""));
        return healthy.WithRoute("/apis/apps/v1/deployments", new JsonObject { ["kind"] = "DeploymentList", ["apiVersion"] = "apps/v1", ["items"] = all });
    }

    private string Project()
    {
        var project = Directory.CreateDirectory(Path.Combine(Folder, "project")).FullName;
        File.Copy(Path.Combine(RepoPaths.Root, "Pulumi.yaml"), Path.Combine(project, "Pulumi.yaml"));
        return project;
    }

    private void UseKubeconfig(string server) => Environment.SetEnvironmentVariable("KUBECONFIG", WriteKubeconfig(server));

    private string WriteKubeconfig(string server)
    {
        var path = Path.Combine(Folder, "config");
        File.WriteAllText(path, $$$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: staging, cluster: {server: "{{{server.TrimEnd('/')}}}"}}]
            users: [{name: ops, user: {token: "not-a-secret"}}]
            contexts: [{name: staging-eu, context: {cluster: staging, user: ops}}]
            current-context: staging-eu
            """);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(string project, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = AlpCommand.Run(["init", .. args], stdout, stderr, project);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Writes_a_stack_file_naming_the_context_and_versions_with_the_namespaces_to_pick_from()
    {
        using var server = Cluster().Serve();
        UseKubeconfig(server.Url);
        var project = Project();

        var (code, stdout, stderr) = Run(project, "--stack", "staging");
        Assert.Equal((0, string.Empty), (code, stderr));
        Assert.StartsWith("wrote Pulumi.staging.yaml for context 'staging-eu': 2 namespace(s) with Deployments listed", stdout, StringComparison.Ordinal);

        var text = File.ReadAllText(Path.Combine(project, "Pulumi.staging.yaml"));
        Assert.Contains("  #   - name: payments\n  #     ownership: existing\n  #     enrolment: workloads\n  #     workloads: [ledger, payments-api]\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("kube-system", text, StringComparison.Ordinal);

        // What it wrote is a stack alp check takes, on the cluster's context and versions.
        var settings = StackLoader.FromFiles(project, "staging").Settings!;
        Assert.Equal("staging-eu", settings.Cluster.KubeContext);
        Assert.Equal("1.35", settings.Cluster.KubernetesVersion.MinorText);
        Assert.Equal("v3.33.1", settings.Calico.VersionText);
        Assert.Empty(settings.Namespaces);
    }

    [Fact]
    public void Never_overwrites_a_stack_file_and_writes_nothing_when_the_cluster_cannot_be_read()
    {
        var project = Project();
        var existing = Path.Combine(project, "Pulumi.staging.yaml");
        File.WriteAllText(existing, "config: {}\n");
        var (code, _, stderr) = Run(project, "--stack", "staging");
        Assert.Equal(2, code);
        Assert.Equal("alp init: Pulumi.staging.yaml exists; alp init never overwrites a stack file\n", stderr);
        Assert.Equal("config: {}\n", File.ReadAllText(existing));

        Environment.SetEnvironmentVariable("KUBECONFIG", WriteKubeconfig("http://127.0.0.1:9"));
        var unreachable = Run(project, "--stack", "qa");
        Assert.Equal(2, unreachable.Code);
        Assert.StartsWith("alp init: cluster: cannot read the cluster of context 'staging-eu'", unreachable.Stderr, StringComparison.Ordinal);
        Assert.Equal(["Pulumi.staging.yaml", "Pulumi.yaml"], Directory.GetFiles(project).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
