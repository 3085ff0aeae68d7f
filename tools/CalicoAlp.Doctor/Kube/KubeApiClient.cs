using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace CalicoAlp.Doctor.Kube;

/// <summary>
/// A read-only Kubernetes API client: GETs of JSON, nothing else, so doctor cannot change a
/// cluster by mistake. TLS and credentials follow the kubeconfig as kubectl does (the cluster's
/// CA bundle as the only roots, tls-server-name, a client certificate, a bearer token, basic auth
/// or an exec plugin). The JSON stays a <see cref="JsonElement"/>: no model types, no reflection.
/// </summary>
public sealed class KubeApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _server;

    private KubeApiClient(HttpClient http, Uri server)
    {
        _http = http;
        _server = server.OriginalString.TrimEnd('/');
    }

    /// <summary>The client for a context; an exec plugin runs here, once.</summary>
    /// <exception cref="KubeconfigException">The credentials cannot be had (a plugin failed, a key does not match its certificate).</exception>
    public static async Task<KubeApiClient> CreateAsync(ClusterTarget target, TimeSpan timeout, CancellationToken cancel = default)
    {
        var user = target.User;
        var (token, certificatePem, keyPem) = (user.Token, user.ClientCertificatePem, user.ClientKeyPem);
        if (user.Exec is { } plugin && token is null && certificatePem is null)
        {
            var credential = await ExecCredentialPlugin.RunAsync(plugin, target, cancel).ConfigureAwait(false);
            (token, certificatePem, keyPem) = (credential.Token, credential.ClientCertificatePem, credential.ClientKeyPem);
        }

        var handler = new SocketsHttpHandler { ConnectTimeout = timeout, AllowAutoRedirect = false };
        if (target.Proxy is { } proxy)
        {
            handler.Proxy = new WebProxy(proxy);
            handler.UseProxy = true;
        }

        if (target.Server.Scheme == Uri.UriSchemeHttps)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = ServerCertificateCheck(target);
            if (certificatePem is not null && keyPem is not null)
            {
                handler.SslOptions.ClientCertificates = [ClientCertificate(target, certificatePem, keyPem)];
            }
        }

        var http = new HttpClient(handler, disposeHandler: true) { Timeout = timeout };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("alp-doctor", typeof(KubeApiClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (user.Username is { } name)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name}:{user.Password}")));
        }

        return new KubeApiClient(http, target.Server);
    }

    /// <summary>The object at the path, or null when the API answers 404.</summary>
    /// <param name="path">An absolute API path, its query escaped: /api/v1/nodes, /apis/apps/v1/deployments?labelSelector=app%3Distiod.</param>
    /// <exception cref="KubeApiException">Any other answer than 200 or 404.</exception>
    public async Task<JsonElement?> GetAsync(string path, CancellationToken cancel = default)
    {
        // Appended, not resolved: a server URL may carry a path of its own (a proxy's /k8s/clusters/c-1).
        using var response = await _http.GetAsync(new Uri(_server + path), HttpCompletionOption.ResponseContentRead, cancel).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new KubeApiException(path, response.StatusCode, StatusMessage(body));
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new KubeApiException(path, response.StatusCode, $"the answer is not JSON ({e.Message})");
        }
    }

    /// <summary>The same as <see cref="GetAsync"/>, with 404 an error too: for what every cluster serves.</summary>
    public async Task<JsonElement> GetRequiredAsync(string path, CancellationToken cancel = default) =>
        await GetAsync(path, cancel).ConfigureAwait(false) ?? throw new KubeApiException(path, HttpStatusCode.NotFound, "not found");

    public void Dispose() => _http.Dispose();

    /// <summary>The message of a Kubernetes Status answer, else the start of the body.</summary>
    private static string StatusMessage(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString() ?? string.Empty;
            }
        }
        catch (JsonException)
        {
            // Not a Status: a proxy's page, say; its start says enough.
        }

        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200));
        return string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>
    /// kubectl's rule: with a CA bundle, it is the only trust (the system's roots do not count);
    /// without one, the system's roots. tls-server-name replaces the host in the name check;
    /// insecure-skip-tls-verify checks nothing.
    /// </summary>
    private static RemoteCertificateValidationCallback ServerCertificateCheck(ClusterTarget target)
    {
        if (target.InsecureSkipTlsVerify)
        {
#pragma warning disable CA5359 // The kubeconfig asked for it (insecure-skip-tls-verify: true), as kubectl honours it.
            return (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        X509Certificate2Collection? roots = null;
        if (target.CertificateAuthorityPem is { } pem)
        {
            roots = [];
            try
            {
                roots.ImportFromPem(pem);
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new KubeconfigException($"the certificate authority of context '{target.ContextName}' is not a PEM certificate bundle ({e.Message})");
            }

            if (roots.Count == 0)
            {
                throw new KubeconfigException($"the certificate authority of context '{target.ContextName}' holds no PEM certificate");
            }
        }

        // IdnHost: a name in its DNS form, an IPv6 address without its brackets.
        var name = target.TlsServerName ?? target.Server.IdnHost;
        return (_, certificate, chain, errors) =>
        {
            if (certificate is null)
            {
                return false;
            }

            if (roots is null && target.TlsServerName is null)
            {
                return errors == SslPolicyErrors.None;
            }

            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            if (roots is not null)
            {
                using var own = new X509Chain();
                own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                own.ChainPolicy.CustomTrustStore.AddRange(roots);
                own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                // The intermediates the server sent.
                if (chain is not null)
                {
                    foreach (var element in chain.ChainElements)
                    {
                        own.ChainPolicy.ExtraStore.Add(element.Certificate);
                    }
                }

                if (!own.Build(leaf))
                {
                    return false;
                }
            }
            else if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                return false;
            }

            return leaf.MatchesHostname(name);
        };
    }

    private static X509Certificate2 ClientCertificate(ClusterTarget target, string certificatePem, string keyPem)
    {
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            // Through PKCS#12 so the key is usable by every platform's TLS (macOS refuses ephemeral keys).
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new KubeconfigException($"the client certificate of context '{target.ContextName}' and its key cannot be used together ({e.Message})");
        }
    }
}
