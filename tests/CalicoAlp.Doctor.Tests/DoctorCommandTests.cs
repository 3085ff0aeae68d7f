using System.Text.Json.Nodes;
using CalicoAlp.Cli;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Doctor.Tests;

/// <summary>`alp doctor` as a user runs it: a kubeconfig naming the recorded cluster on 127.0.0.1, the context picked, the report and the exit code.</summary>
[Collection(DoctorEnvironment.Name)]
public sealed class DoctorCommandTests() : KubeconfigScratch("alp-doctor-")
{
    /// <summary>Two contexts: "kind-calico-alp" on the recorded cluster (current), and "elsewhere" on a port nothing listens on.</summary>
    private void UseKubeconfig(string server)
    {
        var path = Path.Combine(Folder, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: kind-calico-alp
                cluster: {"{"}server: "{server.TrimEnd('/')}"{"}"}
              - name: elsewhere
                cluster: {"{"}server: "http://127.0.0.1:9"{"}"}
            users:
              - name: dev
                user: {"{"}token: "not-a-secret"{"}"}
            contexts:
              - name: kind-calico-alp
                context: {"{"}cluster: kind-calico-alp, user: dev{"}"}
              - name: elsewhere
                context: {"{"}cluster: elsewhere, user: dev{"}"}
            current-context: kind-calico-alp
            """);
        Environment.SetEnvironmentVariable("KUBECONFIG", path);
    }

    [Fact]
    public void Alp_doctor_is_a_verb_of_the_one_alp_and_runs_in_its_process()
    {
        using var server = RecordedCluster.Healthy().Without("/api/v1/namespaces/payments").Serve();
        UseKubeconfig(server.Url);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = AlpCommand.Run(["doctor", "--stack", "dev"], stdout, stderr, RepoPaths.Root);
        Assert.Equal(2, code);
        Assert.Contains("fail  namespace payments", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr.ToString());
        // The same answer as the doctor verb called directly.
        var direct = Alp("doctor", "--stack", "dev");
        Assert.Equal((code, stdout.ToString()), (direct.Code, direct.Stdout));
    }

    [Fact]
    public void A_healthy_cluster_exits_0_with_a_table_of_passes()
    {
        using var server = RecordedCluster.Healthy().Serve();
        UseKubeconfig(server.Url);
        var (code, stdout, stderr) = Alp("doctor", "--stack", "dev");
        Assert.Equal((0, string.Empty), (code, stderr));
        Assert.StartsWith("alp doctor: stack 'dev' against context 'kind-calico-alp' (read-only)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("pass  calico-version", stdout, StringComparison.Ordinal);
        Assert.EndsWith("21 checks: 21 pass, 0 warn, 0 fail\n", stdout, StringComparison.Ordinal);
        Assert.All(server.Requests, r => Assert.Equal("GET", r.Method));
        // As the kubeconfig's user: its token on every request.
        Assert.All(server.Requests, r => Assert.Equal("Bearer not-a-secret", r.Authorization));
    }

    [Fact]
    public void A_failing_check_exits_2_and_json_says_which_and_what_to_do()
    {
        using var server = RecordedCluster.Healthy()
            .With("/apis/apps/v1/namespaces/calico-system/daemonsets/calico-node", d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "quay.io/calico/node:v3.31.2")
            .Serve();
        UseKubeconfig(server.Url);
        var (code, stdout, _) = Alp("doctor", "--stack", "dev", "--output", "json");
        Assert.Equal(2, code);
        var report = JsonNode.Parse(stdout)!;
        Assert.True(report["failed"]!.GetValue<bool>());
        var failed = Assert.Single(report["checks"]!.AsArray(), c => c!["status"]!.GetValue<string>() == "fail")!;
        Assert.Equal("calico-version", failed["id"]!.GetValue<string>());
        // Never the release alp check would refuse: the advice is to upgrade Calico first.
        var toDo = failed["toDo"]!.GetValue<string>();
        Assert.StartsWith("upgrade Calico to v3.33.x (OSS Dikastes answers every check with a denial", toDo, StringComparison.Ordinal);
        Assert.DoesNotContain("set calicoVersion to v3.31.2", toDo, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_context_or_an_unknown_one_is_one_error_line_exit_2()
    {
        using var server = RecordedCluster.Healthy().Serve();
        UseKubeconfig(server.Url);
        var unreachable = Alp("doctor", "--stack", "dev", "--context", "elsewhere");
        Assert.Equal(2, unreachable.Code);
        Assert.StartsWith("error: cluster: cannot read the cluster of context 'elsewhere' at http://127.0.0.1:9", unreachable.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unreachable.Stderr, StringComparison.Ordinal);

        var unknown = Alp("doctor", "--stack", "dev", "--context", "nope");
        Assert.Equal(2, unknown.Code);
        Assert.StartsWith("error: kubeconfig: ", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("(context 'nope')", unknown.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [SkippableFact]
    public async Task The_native_alp_doctor_answers_exactly_as_in_process()
    {
        var native = Path.Combine(RepoPaths.Root, "build", ".alp", "alp");
        Assert.True(File.Exists(native) || Environment.GetEnvironmentVariable("ALP_NO_NATIVE") == "1",
            $"{native} is missing: run ./build/alp once (the test command does), or set ALP_NO_NATIVE=1 where Native AOT cannot build");
        Skip.IfNot(File.Exists(native), "ALP_NO_NATIVE=1: the native alp is not built here");

        using var server = RecordedCluster.Healthy().With("/api/v1/nodes", l => l["items"]![1]!["status"]!["nodeInfo"]!["kubeletVersion"] = "v1.28.3").Serve();
        UseKubeconfig(server.Url);
        foreach (var output in new[] { "table", "json" })
        {
            var start = new System.Diagnostics.ProcessStartInfo(native) { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "doctor", "--stack", "dev", "--output", output })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(Alp("doctor", "--stack", "dev", "--output", output), (process.ExitCode, stdout, await stderr));
            Assert.Equal(2, process.ExitCode);
        }
    }

    [SkippableFact]
    public async Task Over_tls_with_a_client_certificate_the_native_alp_doctor_answers_exactly_as_in_process()
    {
        var native = Path.Combine(RepoPaths.Root, "build", ".alp", "alp");
        Assert.True(File.Exists(native) || Environment.GetEnvironmentVariable("ALP_NO_NATIVE") == "1", $"{native} is missing: the test command publishes it");
        using var pki = new TestPki();
        using var server = new Kube.TlsApiServer(pki.Server);
        static string Data(string pem) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pem));
        var path = Path.Combine(Folder, "tls-config");
        File.WriteAllText(path, $"""
            clusters: [{"{"}name: kind, cluster: {"{"}server: "{server.Url}", certificate-authority-data: {Data(pki.CaPem)}{"}"}{"}"}]
            users: [{"{"}name: admin, user: {"{"}client-certificate-data: {Data(pki.ClientPem)}, client-key-data: {Data(pki.ClientKeyPem)}{"}"}{"}"}]
            contexts: [{"{"}name: kind, context: {"{"}cluster: kind, user: admin{"}"}{"}"}]
            current-context: kind
            """);
        Environment.SetEnvironmentVariable("KUBECONFIG", path);
        // The server answers /version and nothing else: the run gets through the handshake, then stops at the node list.
        var inProcess = Alp("doctor", "--stack", "dev", "--context", "kind");
        Assert.Equal(2, inProcess.Code);
        Assert.Contains($"cannot read the cluster of context 'kind' at {server.Url}: GET /api/v1/nodes: 404 NotFound", inProcess.Stderr, StringComparison.Ordinal);
        Skip.IfNot(File.Exists(native), "ALP_NO_NATIVE=1: the native alp is not built here");

        var start = new System.Diagnostics.ProcessStartInfo(native, ["doctor", "--stack", "dev", "--context", "kind"]) { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(inProcess, (process.ExitCode, stdout, await stderr));
        // Both runs showed the client certificate on both of their requests (/version, /api/v1/nodes).
        Assert.Equal(Enumerable.Repeat("CN=alp-tester, O=system:masters", 4), server.ClientSubjects.ToArray());
    }

    [Fact]
    public async Task Dotnet_run_of_the_cli_project_runs_the_doctor_verb()
    {
        // What the README promises: alp stays a plain .NET program, every verb included.
        using var server = RecordedCluster.Healthy().Serve();
        UseKubeconfig(server.Url);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet",
            ["run", "--no-build", "-c", "Release", "--project", Path.Combine("tools", "CalicoAlp.Cli"), "--", "doctor", "--stack", "dev"])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Contains("checks: 21 pass, 0 warn, 0 fail", stdout, StringComparison.Ordinal);
        Assert.Equal(Alp("doctor", "--stack", "dev").Stdout, stdout);
    }

    [Fact]
    public void A_wrong_output_format_is_a_usage_error_before_anything_is_read()
    {
        var (code, _, stderr) = Alp("doctor", "--stack", "dev", "--output", "yaml");
        Assert.Equal(1, code);
        Assert.Equal("alp doctor: --output 'yaml' is not allowed; expected table or json\n", stderr);
    }

    [Fact]
    public async Task The_program_gate_stops_on_a_failing_check_with_every_failure_and_the_opt_out()
    {
        using var server = RecordedCluster.Healthy().Without("/apis/storage.k8s.io/v1/csidrivers/csi.tigera.io").Serve();
        UseKubeconfig(server.Url);
        var dev = Stacks.Loading.StackLoader.FromFiles(RepoPaths.Root, "dev").Settings!;
        var problem = await ClusterGate.ProblemAsync(dev);
        Assert.NotNull(problem);
        var lines = problem.Split('\n');
        Assert.Equal("the cluster does not match the stack; nothing was changed:", lines[0]);
        Assert.StartsWith("  error: calico-csi-driver: no CSIDriver csi.tigera.io; stack: ", lines[1], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.Contains("set clusterChecks to false to skip them", lines[2], StringComparison.Ordinal);

        using var healthy = RecordedCluster.Healthy().Serve();
        UseKubeconfig(healthy.Url);
        Assert.Null(await ClusterGate.ProblemAsync(dev));
    }

    [Fact]
    public async Task With_cluster_checks_off_the_gate_reads_nothing()
    {
        using var server = RecordedCluster.Healthy().Without("/version").Serve();
        UseKubeconfig(server.Url);
        var raw = Stacks.Files.StackFileReader.Read(Path.Combine(RepoPaths.Root, "Pulumi.yaml"), Path.Combine(RepoPaths.Root, "Pulumi.dev.yaml"), "dev").Config!;
        var off = Stacks.Loading.SettingsLoader.Load(raw with { Values = raw.Values.SetItem("calico-alp:clusterChecks", new Stacks.Config.RawValue("false")) }).Settings!;
        Assert.False(off.Cluster.ClusterChecks);
        Assert.Null(await ClusterGate.ProblemAsync(off));
        Assert.Empty(server.Requests);

        var on = Stacks.Loading.StackLoader.FromFiles(RepoPaths.Root, "dev").Settings!;
        Assert.StartsWith("the cluster does not match the stack", await ClusterGate.ProblemAsync(on), StringComparison.Ordinal);
    }
}
