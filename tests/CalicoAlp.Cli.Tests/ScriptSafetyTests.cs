using System.Diagnostics;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Cli.Tests;

/// <summary>
/// scripts/try-on-kind.sh and scripts/e2e-check.sh run against stand-in kubectl, kind, pulumi,
/// docker and curl that record their arguments: no cluster, no Docker, no download.
/// </summary>
public sealed class ScriptSafetyTests : IDisposable
{
    private const string KindContext = "kind-calico-alp";
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("alp-scripts-");

    public void Dispose() => _scratch.Delete(recursive: true);

    private string Bin => Path.Combine(_scratch.FullName, "bin");

    private string Log(string tool) => Path.Combine(_scratch.FullName, "log", tool);

    private string Home => Path.Combine(_scratch.FullName, "home");

    private string[] Lines(string tool) => File.Exists(Log(tool)) ? File.ReadAllLines(Log(tool)) : [];

    private sealed record Cluster(string Contexts = "work-prod\n" + KindContext, string Felix = "", int TigeraRc = 0, int DestroyRc = 0, bool StackExists = false, int DoctorRc = 0,
        bool DockerRunning = true, string KindVersion = "v0.31.0", string? Download = null, string Traffic = "");

    private (int ExitCode, string Output) Run(string script, Cluster cluster, params string[] args)
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Path.GetDirectoryName(Log("x"))!);
        Directory.CreateDirectory(Home);
        var state = Path.Combine(_scratch.FullName, "stack-exists");
        if (cluster.StackExists)
        {
            File.WriteAllText(state, "dev");
        }

        Stub("kubectl", $$"""
            case "$*" in
              "config get-contexts -o name") printf '%s\n' "$STUB_CONTEXTS" ;;
              "version --client") echo "Client Version: v1.35.0" ;;
              *"get felixconfiguration default"*) printf '%s' "$STUB_FELIX" ;;
              *"wait --for=condition=Available tigerastatus"*) exit "$STUB_TIGERA_RC" ;;
              *"logs deployment/upgrade-traffic"*) printf '%b' "${STUB_TRAFFIC:-}" ;;
              *deletionTimestamp*) ;;
              *"get pods -l app="*"annotations.istio"*)
                # The revision that injected the pods: the one the last applied step's tag points to.
                for a in "$@"; do case "$a" in app=*) app=${a#app=} ;; esac; done
                tag=$([ "$app" = payments-api ] && echo prod-stable || echo canary)
                rev=1-30-4; grep -q "^    $tag: 1-31-0" '{{Log("pulumi-config")}}' && rev=1-31-0
                printf '%s-1 %s istio-proxy %s dikastes\n' "$app" "$rev" "$app" ;;
            esac
            """);
        Stub("kind", """
            case "$1" in
              version) echo "kind $STUB_KIND_VERSION go1.25 linux/amd64" ;;
              get) echo calico-alp ;;
            esac
            """);
        Stub("pulumi", $$"""
            case "$1 $2" in
              "version ") echo v3.205.0 ;;
              "stack ls") if [ -f '{{state}}' ]; then echo '[{"name": "dev"}]'; else echo '[]'; fi ;;
              "stack init") echo "encryptionsalt: v1:stub" > Pulumi.dev.yaml; echo dev > '{{state}}' ;;
              "up --stack"|"destroy --stack")
                while [ $# -gt 0 ]; do [ "$1" = --config-file ] && cat "$2" > '{{Log("pulumi-config")}}'; shift; done
                [ "$STUB_VERB" = destroy ] && exit "$STUB_DESTROY_RC" ;;
            esac
            exit 0
            """, recordVerb: true);
        Stub("docker", """[ "$1" = info ] && exit "$STUB_DOCKER_INFO_RC"; exit 0""");
        Stub("alp-doctor", "exit \"$STUB_DOCTOR_RC\"");
        Stub("alp", $"exec dotnet '{Path.Combine(AppContext.BaseDirectory, "alp.dll")}' \"$@\"");
        // With STUB_DOWNLOAD set, a download to a file (-o) gets that text; anything else fails as without network.
        Stub("curl", """
            while [ $# -gt 0 ]; do
              if [ "$1" = -o ] && [ -n "${STUB_DOWNLOAD:-}" ]; then printf '%s' "$STUB_DOWNLOAD" > "$2"; exit 0; fi
              shift
            done
            echo 'curl: no network in tests' >&2; exit 22
            """);

        var start = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", script), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        start.Environment["PATH"] = Bin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["CALICO_ALP_HOME"] = Home;
        start.Environment["WAIT_CAP"] = "1";
        start.Environment["STUB_CONTEXTS"] = cluster.Contexts;
        start.Environment["STUB_FELIX"] = cluster.Felix;
        start.Environment["STUB_TIGERA_RC"] = cluster.TigeraRc.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["STUB_DESTROY_RC"] = cluster.DestroyRc.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["STUB_DOCTOR_RC"] = cluster.DoctorRc.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["STUB_DOCKER_INFO_RC"] = cluster.DockerRunning ? "0" : "1";
        start.Environment["STUB_KIND_VERSION"] = cluster.KindVersion;
        start.Environment["STUB_TRAFFIC"] = cluster.Traffic;
        if (cluster.Download is not null)
        {
            start.Environment["STUB_DOWNLOAD"] = cluster.Download;
        }

        start.Environment["ALP_DOCTOR"] = Path.Combine(Bin, "alp-doctor");
        // The real offline check, as the JIT alp (the native one may be stale, and would be published first).
        start.Environment["ALP"] = Path.Combine(Bin, "alp");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the script did not stop");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private void Stub(string tool, string body, bool recordVerb = false)
    {
        var path = Path.Combine(Bin, tool);
        File.WriteAllText(path, $"#!/usr/bin/env bash\necho \"$*\" >> '{Log(tool)}'\n{(recordVerb ? "STUB_VERB=$1\n" : string.Empty)}{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private void AssertEveryClusterCallIsPinned()
    {
        var calls = Lines("kubectl").Where(l => l != "config get-contexts -o name" && l != "version --client").ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, l => Assert.StartsWith($"--context {KindContext} ", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Destroy_acts_on_the_kind_cluster_whatever_context_is_current_and_leaves_the_stack_file_alone()
    {
        var committed = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "Pulumi.dev.yaml"));
        var run = Run("try-on-kind.sh", new Cluster(StackExists: true), "--destroy");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(Lines("pulumi"), l => l.StartsWith("destroy --stack dev --config-file ", StringComparison.Ordinal));
        Assert.Contains($"calico-alp:kubeContext: {KindContext}", File.ReadAllText(Log("pulumi-config")), StringComparison.Ordinal);
        Assert.DoesNotContain(Lines("pulumi"), l => l.StartsWith("login", StringComparison.Ordinal));
        Assert.Equal(committed, File.ReadAllBytes(Path.Combine(RepoPaths.Root, "Pulumi.dev.yaml")));
    }

    [Theory]
    [InlineData("try-on-kind.sh", "--destroy")]
    [InlineData("try-on-kind.sh", "--down")]
    [InlineData("e2e-check.sh", "removed")]
    [InlineData("e2e-upgrade.sh", "--destroy")]
    public void Every_verb_refuses_when_the_kind_context_is_missing(string script, string verb)
    {
        var run = Run(script, new Cluster(Contexts: "work-prod", StackExists: true), verb);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"no context {KindContext}; refusing", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Lines("pulumi"), l => l.StartsWith("destroy", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines("kubectl"), l => !l.StartsWith("config get-contexts", StringComparison.Ordinal) && !l.StartsWith("version", StringComparison.Ordinal));
    }

    [Fact]
    public void Up_pins_every_call_installs_calico_crds_first_and_records_the_baseline_only_once()
    {
        var first = Run("try-on-kind.sh", new Cluster(Felix: "/before"));
        Assert.True(first.ExitCode == 0, first.Output);
        AssertEveryClusterCallIsPinned();
        var applies = Lines("kubectl").Where(l => l.Contains("apply --server-side -f", StringComparison.Ordinal)).ToList();
        Assert.Equal(["operator-crds.yaml", "tigera-operator.yaml", "custom-resources.yaml"], applies.Select(l => l[(l.LastIndexOf('/') + 1)..]));
        Assert.Contains(Lines("pulumi"), l => l.StartsWith("up --stack dev --config-file ", StringComparison.Ordinal));
        var doctor = Assert.Single(Lines("alp-doctor"));
        Assert.StartsWith("doctor --stack dev --stack-file ", doctor, StringComparison.Ordinal);
        Assert.EndsWith($" --context {KindContext}", doctor, StringComparison.Ordinal);
        Assert.Equal("/before", File.ReadAllText(Path.Combine(Home, "policy-sync-before")));
        Assert.False(File.Exists(Path.Combine(RepoPaths.Root, "Pulumi.dev.yaml.new")));

        // A rerun while ALP is on sees the stack's own prefix; the baseline must not take it.
        var rerun = Run("try-on-kind.sh", new Cluster(Felix: "/var/run/nodeagent", StackExists: true));
        Assert.True(rerun.ExitCode == 0, rerun.Output);
        Assert.Equal("/before", File.ReadAllText(Path.Combine(Home, "policy-sync-before")));
    }

    [Fact]
    public void A_failing_doctor_check_stops_the_script_before_pulumi_up()
    {
        var run = Run("try-on-kind.sh", new Cluster(DoctorRc: 2));
        Assert.Equal(2, run.ExitCode);
        // The offline check ran first, for real (the JIT alp), on the script's copy of the dev stack.
        Assert.StartsWith("check --stack dev --stack-file ", Assert.Single(Lines("alp")), StringComparison.Ordinal);
        Assert.Contains("stack 'dev' is valid", run.Output, StringComparison.Ordinal);
        Assert.Single(Lines("alp-doctor"));
        Assert.DoesNotContain(Lines("pulumi"), l => l.StartsWith("up", StringComparison.Ordinal));
    }

    [Fact]
    public void A_calico_that_never_gets_ready_fails_the_wait_instead_of_hanging()
    {
        var clock = Stopwatch.StartNew();
        var run = Run("try-on-kind.sh", new Cluster(TigeraRc: 1));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("timed out after 1s waiting for Calico", run.Output, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.DoesNotContain(Lines("pulumi"), l => l.StartsWith("up", StringComparison.Ordinal));
    }

    [Fact]
    public void Down_deletes_the_cluster_even_when_destroy_fails_and_reports_the_failure()
    {
        var run = Run("try-on-kind.sh", new Cluster(DestroyRc: 1, StackExists: true), "--down");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("delete cluster --name calico-alp", Lines("kind"));
        Assert.Contains("pulumi destroy failed", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--destroy")]
    [InlineData("--down")]
    public void Every_verb_stops_at_once_and_says_why_when_Docker_is_not_running(params string[] verb)
    {
        var run = Run("try-on-kind.sh", new Cluster(DockerRunning: false, StackExists: true), verb);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("try-on-kind: Docker is installed but not running (docker info failed); start it and retry", run.Output, StringComparison.Ordinal);
        // Nothing was downloaded, created, destroyed or deleted.
        Assert.Empty(Lines("curl"));
        Assert.DoesNotContain(Lines("kind"), l => l.StartsWith("create", StringComparison.Ordinal) || l.StartsWith("delete", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines("pulumi"), l => l.StartsWith("up", StringComparison.Ordinal) || l.StartsWith("destroy", StringComparison.Ordinal));
    }

    [Fact]
    public void A_download_whose_checksum_does_not_match_is_refused_and_nothing_is_installed()
    {
        var run = Run("try-on-kind.sh", new Cluster(KindVersion: "v0.30.0", Download: "not the kind release", StackExists: true), "--down");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("SHA-256", run.Output, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64)
        {
            // The pinned sum of kind v0.31.0 for linux/amd64 (scripts/kind-tools.sha256).
            Assert.Contains("SHA-256 mismatch for https://kind.sigs.k8s.io/dl/v0.31.0/kind-linux-amd64: expected eb244cbafcc157dff60cf68693c14c9a75c4e6e6fedaf9cd71c58117cb93e3fa", run.Output, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(Home, "bin", "kind")), "a download that failed its check was installed");
        Assert.Empty(Directory.GetFiles(Path.Combine(Home, "bin"), ".download.*"));
        Assert.DoesNotContain(Lines("kind"), l => l.StartsWith("delete", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Darwin", "x86_64", "osx-x64")]
    [InlineData("Darwin", "arm64", "osx-arm64")]
    [InlineData("Linux", "aarch64", "linux-arm64")]
    [InlineData("Linux", "x86_64", "linux-x64")]
    public void The_native_alp_is_built_for_the_machines_own_architecture(string os, string machine, string rid)
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Path.GetDirectoryName(Log("x"))!);
        Stub("uname", $"""case "$1" in -s) echo {os} ;; -m) echo {machine} ;; esac""");
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "build", "alp"), "--rid"]) { RedirectStandardOutput = true };
        start.Environment["PATH"] = Bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000));
        Assert.Equal(rid, output.Trim());
    }

    [Theory]
    [InlineData("200\\n200\\n403\\n200\\n", 0)]
    [InlineData("200\\n503\\n403\\n000\\n200\\n", 2)]
    public void The_upgrade_scenario_applies_the_four_steps_in_order_and_fails_on_any_failed_request(string traffic, int failed)
    {
        var run = Run("e2e-upgrade.sh", new Cluster(Traffic: traffic));
        var ups = Lines("pulumi").Where(l => l.StartsWith("up --stack upgrade --config-file ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, ups.Count);
        Assert.Contains("e2e-upgrade: ok: alp check refuses step4-too-early", run.Output, StringComparison.Ordinal);
        Assert.Contains("e2e-upgrade: ok: alp-demo/frontend: every pod runs istio-proxy and dikastes from revision 1-31-0", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{failed} failed (goal: 0)", run.Output, StringComparison.Ordinal);
        if (failed == 0)
        {
            Assert.True(run.ExitCode == 0, run.Output);
        }
        else
        {
            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains($"FAIL: {failed} requests failed while the steps applied", run.Output, StringComparison.Ordinal);
        }

        AssertEveryClusterCallIsPinned();
        // The last step applied is step 4, whatever the traffic said.
        Assert.DoesNotContain("1-30-4", File.ReadAllText(Log("pulumi-config")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_e2e_check_pins_its_cluster_calls_to_the_kind_context()
    {
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Home).FullName, "policy-sync-before"), string.Empty);
        var run = Run("e2e-check.sh", new Cluster(), "removed");
        Assert.True(run.ExitCode == 0, run.Output);
        AssertEveryClusterCallIsPinned();
    }
}
