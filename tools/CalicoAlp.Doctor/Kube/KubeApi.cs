using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Authentication;

namespace CalicoAlp.Doctor.Kube;

/// <summary>
/// A read-only API client on the official Kubernetes client's configuration: GETs of JSON by API
/// path, with the client's credentials (tokens, basic auth, exec plugins through
/// <see cref="Kubernetes.CreateCredentials"/>) and its certificate check (the kubeconfig's CA as
/// the only trust), each answer bounded in size. The JSON stays a <see cref="JsonElement"/>.
/// </summary>
/// <remarks>
/// Not the client's own <see cref="Kubernetes"/> type: constructing it links the serializers of
/// every Kubernetes model into the native alp, whose start-up then costs more than a JIT
/// program's. The few lines of TLS set-up it would have done are here, with its own callback.
/// </remarks>
public sealed class KubeApi : IDisposable
{
    /// <summary>Far above a list of every node of a large cluster, far below memory trouble.</summary>
    public const long MaxResponseBytes = 64L * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly ServiceClientCredentials? _credentials;
    private readonly string _server;

    public KubeApi(KubernetesClientConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _server = config.Host.TrimEnd('/');
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (_server.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
        {
            var caCerts = config.SslCaCerts;
            if (config.SkipTlsVerify)
            {
#pragma warning disable CA5359 // The kubeconfig asked for it (insecure-skip-tls-verify), as kubectl honours it.
                handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
            }
            else if (caCerts is not null)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                    certificate is not null && chain is not null && Kubernetes.CertificateValidationCallBack(sender, caCerts, certificate, chain, errors);
            }

            if (config.TlsServerName is { Length: > 0 } serverName)
            {
                handler.SslOptions.TargetHost = serverName;
            }

            if (ClientCertificate(config) is { } certificate)
            {
                handler.SslOptions.ClientCertificates = [certificate];
            }
        }

        // The deadline is the caller's token; every answer is read whole into a buffer HttpClient caps.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxResponseBytes };
        _credentials = Kubernetes.CreateCredentials(config);
    }

    /// <summary>A server reached without TLS settings or credentials: the tests' recorded cluster on 127.0.0.1.</summary>
    public static KubeApi Plain(string server) => new(new KubernetesClientConfiguration { Host = server });

    /// <summary>The object at the path, or null when the API answers 404.</summary>
    /// <param name="path">An absolute API path, its query escaped: /api/v1/nodes, /apis/apps/v1/deployments?labelSelector=app%3Distiod.</param>
    /// <exception cref="KubeApiException">Any other answer than 200 or 404.</exception>
    public async Task<JsonElement?> GetAsync(string path, CancellationToken cancel = default)
    {
        // Appended, not resolved: a server URL may carry a path of its own (a proxy's /k8s/clusters/c-1).
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server + path));
        request.Headers.Accept.ParseAdd("application/json");
        if (_credentials is not null)
        {
            await _credentials.ProcessHttpRequestAsync(request, cancel).ConfigureAwait(false);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new InvalidDataException($"the answer to GET {path} is larger than {MaxResponseBytes} bytes");
        }

        using var _ = response;
        var body = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new KubeApiException(path, response.StatusCode, StatusMessage(Encoding.UTF8.GetString(body)));
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

    public void Dispose() => _http.Dispose();

    /// <summary>The client certificate and key the configuration holds (inline data or files), as the client pairs them.</summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration config)
    {
        static string? Pem(string? data, string? file) =>
            !string.IsNullOrWhiteSpace(file) ? File.ReadAllText(file)
            : !string.IsNullOrWhiteSpace(data) ? Encoding.UTF8.GetString(Convert.FromBase64String(data))
            : null;

        if (Pem(config.ClientCertificateData, config.ClientCertificateFilePath) is not { } certificate
            || Pem(config.ClientCertificateKeyData, config.ClientKeyFilePath) is not { } key)
        {
            return null;
        }

        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certificate, key);
            // Through PKCS#12 so the key is usable by every platform's TLS (macOS refuses ephemeral keys).
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new KubeconfigException($"the client certificate and its key cannot be used together ({e.Message})");
        }
    }

    /// <summary>The same as <see cref="GetAsync"/>, with 404 an error too: for what every cluster serves.</summary>
    public async Task<JsonElement> GetRequiredAsync(string path, CancellationToken cancel = default) =>
        await GetAsync(path, cancel).ConfigureAwait(false) ?? throw new KubeApiException(path, HttpStatusCode.NotFound, "not found");

    /// <summary>The message of a Kubernetes Status answer, else the start of the body on one line.</summary>
    private static string StatusMessage(string body)
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

        var start = body.Length > 200 ? body[..200] : body;
        return string.Join(' ', start.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
