using System.Net;
using CalicoAlp.Doctor.Kube;

namespace CalicoAlp.Doctor.Tests.Kube;

/// <summary>
/// TLS as kubectl does it, against a real handshake on 127.0.0.1: the kubeconfig's CA is the only
/// trust, the name checked is the host or tls-server-name, and the client certificate is shown.
/// </summary>
public sealed class KubeApiClientTlsTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly TlsApiServer _server;

    public KubeApiClientTlsTests() => _server = new TlsApiServer(_pki.Server);

    public void Dispose()
    {
        _server.Dispose();
        _pki.Dispose();
    }

    private ClusterTarget Target(string? caPem = null, string? tlsServerName = null, bool insecure = false, bool clientCertificate = true) =>
        new("kind-alp", new Uri(_server.Url), caPem, insecure, tlsServerName, null,
            clientCertificate ? UserCredentials.None with { ClientCertificatePem = _pki.ClientPem, ClientKeyPem = _pki.ClientKeyPem } : UserCredentials.None);

    private static async Task<string?> GitVersion(ClusterTarget target)
    {
        using var client = await KubeApiClient.CreateAsync(target, TimeSpan.FromSeconds(10));
        var version = await client.GetRequiredAsync("/version");
        return version.GetProperty("gitVersion").GetString();
    }

    [Fact]
    public async Task With_the_clusters_ca_the_server_is_trusted_and_sees_the_client_certificate()
    {
        Assert.Equal("v1.35.0", await GitVersion(Target(_pki.CaPem)));
        Assert.Equal(["CN=alp-tester, O=system:masters"], _server.ClientSubjects.ToArray());
    }

    [Fact]
    public async Task A_kind_kubeconfigs_rsa_key_in_pkcs1_is_used_as_written()
    {
        var (certificate, key) = _pki.IssueRsaClient("CN=kubernetes-admin, O=kubeadm:cluster-admins");
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", key, StringComparison.Ordinal);
        var target = Target(_pki.CaPem) with { User = UserCredentials.None with { ClientCertificatePem = certificate, ClientKeyPem = key } };
        Assert.Equal("v1.35.0", await GitVersion(target));
        Assert.Equal(["CN=kubernetes-admin, O=kubeadm:cluster-admins"], _server.ClientSubjects.ToArray());
    }

    [Fact]
    public async Task An_ipv6_server_is_matched_against_the_certificates_ip_addresses()
    {
        Assert.True(System.Net.Sockets.Socket.OSSupportsIPv6, "this machine has no IPv6 loopback");
        using var server = new TlsApiServer(_pki.Server, IPAddress.IPv6Loopback);
        Assert.StartsWith("https://[::1]:", server.Url, StringComparison.Ordinal);
        var target = Target(_pki.CaPem) with { Server = new Uri(server.Url) };
        Assert.Equal("v1.35.0", await GitVersion(target));
    }

    [Fact]
    public async Task Tls_server_name_replaces_the_host_in_the_name_check()
    {
        Assert.Equal("v1.35.0", await GitVersion(Target(_pki.CaPem, tlsServerName: "kubernetes")));
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => GitVersion(Target(_pki.CaPem, tlsServerName: "kubernetes.other")));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(e.InnerException);
    }

    [Fact]
    public async Task Another_ca_or_the_systems_roots_do_not_trust_the_clusters_certificate()
    {
        using var other = new TestPki("someone-else");
        await Assert.ThrowsAsync<HttpRequestException>(() => GitVersion(Target(other.CaPem)));
        await Assert.ThrowsAsync<HttpRequestException>(() => GitVersion(Target(caPem: null)));
        Assert.Empty(_server.ClientSubjects);
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_trusts_any_certificate_as_kubectl_does()
    {
        using var other = new TestPki("someone-else");
        Assert.Equal("v1.35.0", await GitVersion(Target(other.CaPem, insecure: true)));
    }

    [Fact]
    public async Task Without_a_client_certificate_none_is_shown()
    {
        Assert.Equal("v1.35.0", await GitVersion(Target(_pki.CaPem, clientCertificate: false)));
        Assert.Equal(["(none)"], _server.ClientSubjects.ToArray());
    }

    [Fact]
    public async Task A_refusal_is_the_api_servers_own_message_and_a_404_is_absent()
    {
        using var client = await KubeApiClient.CreateAsync(Target(_pki.CaPem), TimeSpan.FromSeconds(10));
        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync("/forbidden"));
        Assert.Equal(HttpStatusCode.Forbidden, e.Status);
        Assert.Equal("GET /forbidden: 403 Forbidden: nodes is forbidden: User \"alp-tester\" cannot list resource \"nodes\"", e.Message);
        Assert.Null(await client.GetAsync("/api/v1/namespaces/nope"));
        var required = await Assert.ThrowsAsync<KubeApiException>(() => client.GetRequiredAsync("/api/v1/nodes"));
        Assert.Equal(HttpStatusCode.NotFound, required.Status);
    }

    [Fact]
    public async Task A_key_that_is_not_the_certificates_or_a_ca_that_is_not_pem_is_a_kubeconfig_error()
    {
        using var other = new TestPki("someone-else");
        var mismatched = Target(_pki.CaPem) with { User = UserCredentials.None with { ClientCertificatePem = _pki.ClientPem, ClientKeyPem = other.ClientKeyPem } };
        var e = await Assert.ThrowsAsync<KubeconfigException>(() => KubeApiClient.CreateAsync(mismatched, TimeSpan.FromSeconds(10)));
        Assert.StartsWith("the client certificate of context 'kind-alp' and its key cannot be used together", e.Message, StringComparison.Ordinal);

        var notPem = await Assert.ThrowsAsync<KubeconfigException>(() => KubeApiClient.CreateAsync(Target("not a certificate"), TimeSpan.FromSeconds(10)));
        Assert.Equal("the certificate authority of context 'kind-alp' holds no PEM certificate", notPem.Message);
        Assert.Empty(_server.ClientSubjects);
    }
}
