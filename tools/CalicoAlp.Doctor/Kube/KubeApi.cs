using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace CalicoAlp.Doctor.Kube;

/// <summary>
/// The official Kubernetes client, read-only: GETs of JSON by API path, through the client's own
/// TLS, credentials and exec plugins, each answer bounded in size. The JSON stays a
/// <see cref="JsonElement"/>, so doctor's facts need no model types.
/// </summary>
public sealed class KubeApi : Kubernetes
{
    /// <summary>Far above a list of every node of a large cluster, far below memory trouble.</summary>
    public const long MaxResponseBytes = 64L * 1024 * 1024;

    public KubeApi(KubernetesClientConfiguration config)
        : base(config, new ResponseSizeLimit(MaxResponseBytes))
    {
    }

    /// <summary>A server reached without TLS settings or credentials: the tests' recorded cluster on 127.0.0.1.</summary>
    public static KubeApi Plain(string server) => new(new KubernetesClientConfiguration { Host = server });

    /// <summary>The object at the path, or null when the API answers 404.</summary>
    /// <param name="path">An absolute API path, its query escaped: /api/v1/nodes, /apis/apps/v1/deployments?labelSelector=app%3Distiod.</param>
    /// <exception cref="KubeApiException">Any other answer than 200 or 404.</exception>
    public async Task<JsonElement?> GetAsync(string path, CancellationToken cancel = default)
    {
        // Appended, not resolved: a server URL may carry a path of its own (a proxy's /k8s/clusters/c-1).
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri.OriginalString.TrimEnd('/') + path));
        request.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        try
        {
            response = await SendRequestRaw(string.Empty, request, cancel).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response is { } answer)
        {
            return answer.StatusCode == HttpStatusCode.NotFound ? null : throw new KubeApiException(path, answer.StatusCode, StatusMessage(answer.Content ?? string.Empty));
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
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
