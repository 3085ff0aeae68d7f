using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CalicoAlp.Doctor.Tests;

/// <summary>
/// A Kubernetes API on 127.0.0.1, served by the test from recorded responses: each request path
/// (with its query) answers its recorded object, anything else 404. It records every request and
/// its Authorization header, so a test can show doctor only ever reads, and as whom.
/// </summary>
internal sealed class FakeApiServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, string> _routes;
    private readonly Task _serving;

    public FakeApiServer(JsonObject routes)
    {
        _routes = routes.ToDictionary(r => Uri.UnescapeDataString(r.Key), r => r.Value!.ToJsonString(), StringComparer.Ordinal);
        // A port another test took between choosing it and binding it is tried again with another.
        for (var attempt = 0; ; attempt++)
        {
            Url = $"http://127.0.0.1:{FreePort()}/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                _listener = new HttpListener();
            }
        }

        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; private set; }

    public ConcurrentQueue<(string Method, string Path, string? Authorization)> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = Normalized(context.Request.Url!.PathAndQuery);
            Requests.Enqueue((context.Request.HttpMethod, path, context.Request.Headers["Authorization"]));
            var found = context.Request.HttpMethod == "GET" && _routes.ContainsKey(path);
            var text = found ? _routes[path]
                : $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}""";
            var bytes = Encoding.UTF8.GetBytes(text);
            context.Response.StatusCode = found ? 200 : 404;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    /// <summary>
    /// The request as recorded: unescaped, without the trailing slash the client puts on /version/,
    /// and without the watch=false it adds to every list.
    /// </summary>
    private static string Normalized(string pathAndQuery)
    {
        var text = Uri.UnescapeDataString(pathAndQuery);
        var (path, query) = text.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? (text[..q], text[(q + 1)..]) : (text, string.Empty);
        path = path.Length > 1 ? path.TrimEnd('/') : path;
        var kept = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "watch=false").ToArray();
        return kept.Length == 0 ? path : path + "?" + string.Join('&', kept);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        try
        {
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // Stopped already; the managed listener can trip over its own prefix table on close.
        }

        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
