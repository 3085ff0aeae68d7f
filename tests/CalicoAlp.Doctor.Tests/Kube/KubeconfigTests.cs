using System.Text;
using CalicoAlp.Doctor.Kube;

namespace CalicoAlp.Doctor.Tests.Kube;

/// <summary>kubeconfig files read as kubectl reads them: merged in KUBECONFIG's order, relative paths per file, one context resolved.</summary>
public sealed class KubeconfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("alp-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static KubeconfigException Refused(Action read) => Assert.Throws<KubeconfigException>(read);

    [Fact]
    public void The_current_context_gives_its_cluster_and_user_with_inline_data_decoded()
    {
        var path = Write("config", $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: kind-alp
                cluster:
                  server: https://127.0.0.1:6443
                  certificate-authority-data: {Base64("CA PEM")}
                  tls-server-name: kubernetes
                  proxy-url: http://proxy.example:3128
            users:
              - name: admin
                user:
                  client-certificate-data: {Base64("CERT PEM")}
                  client-key-data: {Base64("KEY PEM")}
            contexts:
              - name: kind-alp
                context: {"{"}cluster: kind-alp, user: admin{"}"}
            current-context: kind-alp
            """);
        var target = Kubeconfig.Load([path]).Resolve(null);
        Assert.Equal("kind-alp", target.ContextName);
        Assert.Equal(new Uri("https://127.0.0.1:6443"), target.Server);
        Assert.Equal("CA PEM", target.CertificateAuthorityPem);
        Assert.Equal("kubernetes", target.TlsServerName);
        Assert.Equal(new Uri("http://proxy.example:3128"), target.Proxy);
        Assert.False(target.InsecureSkipTlsVerify);
        Assert.Equal(("CERT PEM", "KEY PEM"), (target.User.ClientCertificatePem, target.User.ClientKeyPem));
        Assert.Null(target.User.Token);
        Assert.DoesNotContain("KEY PEM", target.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Files_are_merged_in_order_and_the_first_to_name_an_entry_or_a_current_context_wins()
    {
        var first = Write("a/config", """
            clusters:
              - name: shared
                cluster: {server: "https://first:6443", certificate-authority: ca.crt}
            contexts:
              - name: dev
                context: {cluster: shared, user: dev}
            current-context: dev
            """);
        Write("a/ca.crt", "CA FROM A");
        var second = Write("b/config", """
            clusters:
              - name: shared
                cluster: {server: "https://second:6443"}
              - name: prod
                cluster: {server: "https://prod:6443", certificate-authority: ca.crt}
            users:
              - name: dev
                user: {tokenFile: token}
            contexts:
              - name: dev
                context: {cluster: prod, user: dev}
              - name: prod
                context: {cluster: prod, user: dev}
            current-context: prod
            """);
        Write("b/ca.crt", "CA FROM B");
        Write("b/token", "from-the-file\n");
        var config = Kubeconfig.Load([first, Path.Combine(_folder, "missing"), second]);
        Assert.Equal("dev", config.CurrentContext);

        var dev = config.Resolve(null);
        Assert.Equal("https://first:6443/", dev.Server.AbsoluteUri);
        // Each relative path is the folder of the file that holds it.
        Assert.Equal("CA FROM A", dev.CertificateAuthorityPem);
        Assert.Equal("from-the-file", dev.User.Token);

        var prod = config.Resolve("prod");
        Assert.Equal("https://prod:6443/", prod.Server.AbsoluteUri);
        Assert.Equal("CA FROM B", prod.CertificateAuthorityPem);
    }

    [Fact]
    public void The_default_paths_are_kubeconfigs_list_else_the_home_kube_config()
    {
        Assert.Equal([Path.Combine("/home/u", ".kube", "config")], Kubeconfig.DefaultPaths(null, "/home/u").ToArray());
        Assert.Equal([Path.Combine("/home/u", ".kube", "config")], Kubeconfig.DefaultPaths(string.Empty, "/home/u").ToArray());
        Assert.Equal(["/a", "/b"], Kubeconfig.DefaultPaths($"/a{Path.PathSeparator}{Path.PathSeparator}/b", "/home/u").ToArray());
    }

    [Fact]
    public void A_token_file_is_preferred_to_an_inline_token_and_data_to_a_file()
    {
        Write("token", "file-token");
        var path = Write("config", $"""
            clusters: [{"{"}name: c, cluster: {"{"}server: "https://c", certificate-authority-data: "{Base64("DATA")}", certificate-authority: nowhere.crt{"}"}{"}"}]
            users: [{"{"}name: u, user: {"{"}token: inline-token, tokenFile: token{"}"}{"}"}]
            contexts: [{"{"}name: x, context: {"{"}cluster: c, user: u{"}"}{"}"}]
            """);
        var target = Kubeconfig.Load([path]).Resolve("x");
        Assert.Equal("file-token", target.User.Token);
        Assert.Equal("DATA", target.CertificateAuthorityPem);
    }

    [Fact]
    public void An_exec_user_keeps_its_command_args_env_and_modes_and_an_oidc_provider_gives_its_id_token()
    {
        var path = Write("config", """
            clusters: [{name: eks, cluster: {server: "https://eks.example", insecure-skip-tls-verify: true}}]
            users:
              - name: aws
                user:
                  exec:
                    apiVersion: client.authentication.k8s.io/v1beta1
                    command: aws
                    args: [eks, get-token, --cluster-name, prod]
                    env: [{name: AWS_PROFILE, value: prod}]
                    interactiveMode: Never
                    provideClusterInfo: true
                    installHint: install the AWS CLI
              - name: oidc
                user:
                  auth-provider: {name: oidc, config: {id-token: the-id-token, idp-issuer-url: "https://idp"}}
            contexts:
              - {name: eks, context: {cluster: eks, user: aws}}
              - {name: sso, context: {cluster: eks, user: oidc}}
            """);
        var config = Kubeconfig.Load([path]);
        var eks = config.Resolve("eks");
        Assert.True(eks.InsecureSkipTlsVerify);
        var exec = Assert.IsType<ExecPlugin>(eks.User.Exec);
        Assert.Equal("aws", exec.Command);
        Assert.Equal(["eks", "get-token", "--cluster-name", "prod"], exec.Args.ToArray());
        Assert.Equal([new KeyValuePair<string, string>("AWS_PROFILE", "prod")], exec.Env.ToArray());
        Assert.Equal(("client.authentication.k8s.io/v1beta1", "Never", true, "install the AWS CLI"), (exec.ApiVersion, exec.InteractiveMode, exec.ProvideClusterInfo, exec.InstallHint));
        Assert.Equal(_folder, exec.WorkingDirectory);
        Assert.DoesNotContain("AWS_PROFILE", eks.User.ToString(), StringComparison.Ordinal);

        Assert.Equal("the-id-token", config.Resolve("sso").User.Token);
    }

    public static TheoryData<string, string> Broken() => new()
    {
        { "current-context: nope\ncontexts: [{name: a, context: {cluster: c}}]", "has no context 'nope'; its contexts: a" },
        { "contexts: [{name: a, context: {cluster: c}}]", "sets no current-context; name one with --context" },
        { "current-context: a\ncontexts: [{name: a, context: {cluster: c}}]", "contexts[a] names cluster 'c', which" },
        { "current-context: a\ncontexts: [{name: a, context: {user: u}}]", "contexts[a] names no cluster" },
        { "current-context: a\nclusters: [{name: c, cluster: {}}]\ncontexts: [{name: a, context: {cluster: c}}]", "clusters[c] has no server" },
        { "current-context: a\nclusters: [{name: c, cluster: {server: ftp://x}}]\ncontexts: [{name: a, context: {cluster: c}}]", "clusters[c].server 'ftp://x' is not an https:// or http:// URL" },
        { "current-context: a\nclusters: [{name: c, cluster: {server: 'https://x', certificate-authority-data: '%%%'}}]\ncontexts: [{name: a, context: {cluster: c}}]", "clusters[c].certificate-authority-data is not base64" },
        { "current-context: a\nclusters: [{name: c, cluster: {server: 'https://x', certificate-authority: no.crt}}]\ncontexts: [{name: a, context: {cluster: c}}]", "clusters[c].certificate-authority: cannot read" },
        { "current-context: a\nclusters: [{name: c, cluster: {server: 'https://x', proxy-url: 'ftp://p'}}]\ncontexts: [{name: a, context: {cluster: c}}]", "clusters[c].proxy-url 'ftp://p' is not an http://, https:// or socks5:// URL" },
        { "current-context: a\nclusters: [{name: c, cluster: {server: 'https://x', insecure-skip-tls-verify: maybe}}]\ncontexts: [{name: a, context: {cluster: c}}]", "clusters[c].insecure-skip-tls-verify 'maybe' is not true or false" },
        { "current-context: a\nclusters: [{name: c, cluster: {server: 'https://x'}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]", "contexts[a] names user 'u', which" },
        { "current-context: a\nclusters: [{name: c, cluster: {server: 'https://x'}}]\nusers: [{name: u, user: {client-certificate-data: QQ==}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]", "users[u] has a client certificate without its key" },
        { "current-context: a\nclusters: [{name: c, cluster: {server: 'https://x'}}]\nusers: [{name: u, user: {auth-provider: {name: gcp}}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]", "users[u].auth-provider 'gcp' is not supported" },
        { "current-context: a\nclusters: [{name: c, cluster: {server: 'https://x'}}]\nusers: [{name: u, user: {exec: {command: x, apiVersion: v1}}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]", "users[u].exec.apiVersion 'v1' is not allowed; expected client.authentication.k8s.io/v1" },
        { "current-context: a\nclusters: [{name: c, cluster: {server: 'https://x'}}]\nusers: [{name: u, user: {exec: {command: x}}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]", "users[u].exec has no apiVersion" },
        { "current-context: a\nclusters: [{name: c, cluster: {server: 'https://x'}}]\nusers: [{name: u, user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1, interactiveMode: Sometimes}}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]", "users[u].exec.interactiveMode 'Sometimes' is not allowed; expected Never, IfAvailable or Always" },
        { "clusters: {c: {server: 'https://x'}}", "clusters is not a list" },
        { "clusters: [{cluster: {server: 'https://x'}}]", "line 1: an item of clusters has no name" },
        { "clusters: [{name: c", "malformed YAML at line" },
        { "- just\n- a list", "is not a kubeconfig (expected a YAML mapping)" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_kubeconfig_is_one_message_naming_the_file_and_the_entry(string text, string expected)
    {
        var path = Write("config", text);
        var message = Refused(() => Kubeconfig.Load([path]).Resolve(null)).Message;
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.StartsWith(path, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void No_kubeconfig_at_all_says_which_files_were_looked_for()
    {
        var missing = Path.Combine(_folder, "missing");
        Assert.Equal($"{missing} does not exist; point KUBECONFIG at the cluster's kubeconfig", Refused(() => Kubeconfig.Load([missing])).Message);
        Assert.StartsWith("none of KUBECONFIG's files exists", Refused(() => Kubeconfig.Load([missing, missing + "2"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_entry_the_context_does_not_use_stops_nothing()
    {
        var path = Write("config", """
            clusters:
              - {name: good, cluster: {server: "https://good"}}
              - {name: bad, cluster: {certificate-authority-data: "%%%"}}
            users: [{name: bad, user: {exec: {command: x}}}]
            contexts:
              - {name: good, context: {cluster: good}}
              - {name: bad, context: {cluster: bad, user: bad}}
            current-context: good
            """);
        var target = Kubeconfig.Load([path]).Resolve(null);
        Assert.Equal("https://good/", target.Server.AbsoluteUri);
        Assert.Same(UserCredentials.None, target.User);
    }
}
