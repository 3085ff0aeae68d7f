using System.Text.Json.Nodes;
using CalicoAlp.Doctor.Kube;

namespace CalicoAlp.Doctor.Tests.Kube;

/// <summary>Credential plugins run for real: small shell scripts standing in for aws, gke-gcloud-auth-plugin or kubelogin.</summary>
public sealed class ExecCredentialPluginTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("alp-exec-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly ClusterTarget Target = new("eks", new Uri("https://eks.example:443"), "CA", false, "kubernetes", null, UserCredentials.None);

    /// <summary>A script that saves its arguments and environment beside it, then prints what it is given.</summary>
    private ExecPlugin Plugin(string output, int exitCode = 0, bool provideClusterInfo = false, string apiVersion = "client.authentication.k8s.io/v1")
    {
        var script = Path.Combine(_folder, "bin", "plugin");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        File.WriteAllText(Path.Combine(_folder, "bin", "answer.json"), output);
        File.WriteAllText(script, $"""
            #!/bin/sh
            dir=$(dirname "$0")
            printf '%s\n' "$@" > "$dir/args"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/info.json"
            printf '%s' "$PLUGIN_PROFILE" > "$dir/profile"
            cat "$dir/answer.json"
            exit {exitCode}
            """);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the plugin stand-ins are shell scripts");
        }

        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Relative, with a separator: resolved against the kubeconfig's folder, as client-go does.
        return new ExecPlugin("./bin/plugin", ["get-token", "--cluster", "prod"], [new("PLUGIN_PROFILE", "prod")], apiVersion,
            "install the plugin", "Never", provideClusterInfo, _folder);
    }

    private string Saved(string name) => File.ReadAllText(Path.Combine(_folder, "bin", name));

    [Fact]
    public async Task The_plugin_gets_its_args_env_and_exec_info_and_its_token_is_the_credential()
    {
        var plugin = Plugin("""{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t0ken","expirationTimestamp":"2030-01-01T00:00:00Z"}}""");
        var credential = await ExecCredentialPlugin.RunAsync(plugin, Target, CancellationToken.None);
        Assert.Equal("t0ken", credential.Token);
        Assert.Null(credential.ClientCertificatePem);
        Assert.DoesNotContain("t0ken", credential.ToString(), StringComparison.Ordinal);
        Assert.Equal("get-token\n--cluster\nprod\n", Saved("args"));
        Assert.Equal("prod", Saved("profile"));
        var info = JsonNode.Parse(Saved("info.json"))!;
        Assert.Equal("ExecCredential", (string?)info["kind"]);
        Assert.Equal("client.authentication.k8s.io/v1", (string?)info["apiVersion"]);
        Assert.False((bool)info["spec"]!["interactive"]!);
        Assert.Null(info["spec"]!["cluster"]);
    }

    [Fact]
    public async Task With_provideClusterInfo_the_plugin_is_told_the_server_and_its_ca()
    {
        var plugin = Plugin("""{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"clientCertificateData":"CERT","clientKeyData":"KEY"}}""", provideClusterInfo: true);
        var credential = await ExecCredentialPlugin.RunAsync(plugin, Target, CancellationToken.None);
        Assert.Equal(("CERT", "KEY"), (credential.ClientCertificatePem, credential.ClientKeyPem));
        var cluster = JsonNode.Parse(Saved("info.json"))!["spec"]!["cluster"]!;
        Assert.Equal("https://eks.example:443", (string?)cluster["server"]);
        Assert.Equal("kubernetes", (string?)cluster["tls-server-name"]);
        Assert.Equal(Convert.ToBase64String("CA"u8), (string?)cluster["certificate-authority-data"]);
        Assert.False((bool)cluster["insecure-skip-tls-verify"]!);
    }

    public static TheoryData<string, int, string> Failures() => new()
    {
        { """{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t"}}""", 3, "exited with code 3" },
        { "not json", 0, "did not print an ExecCredential (its output is not JSON)" },
        { """{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"t"}}""", 0, "expected an ExecCredential of client.authentication.k8s.io/v1" },
        { """{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"clientCertificateData":"CERT"}}""", 0, "answered neither status.token nor status.clientCertificateData with status.clientKeyData" },
        { """{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1"}""", 0, "answered neither status.token" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_plugin_or_one_without_a_credential_is_one_message_naming_it(string output, int exitCode, string expected)
    {
        var e = await Assert.ThrowsAsync<KubeconfigException>(() => ExecCredentialPlugin.RunAsync(Plugin(output, exitCode), Target, CancellationToken.None));
        Assert.Contains("the exec plugin './bin/plugin'", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_plugin_names_its_install_hint()
    {
        var plugin = new ExecPlugin("alp-no-such-plugin", [], [], "client.authentication.k8s.io/v1", "brew install\nalp-no-such-plugin", "Never", false, _folder);
        var e = await Assert.ThrowsAsync<KubeconfigException>(() => ExecCredentialPlugin.RunAsync(plugin, Target, CancellationToken.None));
        Assert.StartsWith("the exec plugin 'alp-no-such-plugin' could not be started", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("; brew install alp-no-such-plugin", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_that_must_ask_the_user_is_refused_without_a_terminal()
    {
        Assert.True(Console.IsInputRedirected, "the test runner gives tests no terminal");
        var plugin = Plugin("{}") with { InteractiveMode = "Always" };
        var e = await Assert.ThrowsAsync<KubeconfigException>(() => ExecCredentialPlugin.RunAsync(plugin, Target, CancellationToken.None));
        Assert.Contains("needs a terminal (interactiveMode: Always)", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "bin", "args")), "the plugin must not have run");
    }

    [Fact]
    public async Task The_client_runs_the_plugin_once_and_sends_its_token()
    {
        using var server = RecordedCluster.Healthy().Serve();
        var plugin = Plugin("""{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"from-plugin"}}""");
        var target = ClusterTarget.Plain(server.Url) with { User = UserCredentials.None with { Exec = plugin } };
        using var client = await KubeApiClient.CreateAsync(target, ClusterConnection.Timeout);
        Assert.NotNull(await client.GetAsync("/version"));
        Assert.NotNull(await client.GetAsync("/api/v1/nodes"));
        Assert.All(server.Requests, r => Assert.Equal("Bearer from-plugin", r.Authorization));
        Assert.Equal(["/version", "/api/v1/nodes"], server.Requests.Select(r => r.Path).ToArray());
    }
}
