using System.Net;
using System.Net.Sockets;
using System.Text;
using CalicoAlp.Doctor.Kube;

namespace CalicoAlp.Doctor.Tests.Kube;

/// <summary>A cluster's proxy-url: every request goes to the proxy, for the server's address.</summary>
public sealed class KubeApiClientProxyTests
{
    [Fact]
    public async Task Requests_go_through_the_clusters_proxy()
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var port = ((IPEndPoint)proxy.LocalEndpoint).Port;
        var seen = Task.Run(async () =>
        {
            using var connection = await proxy.AcceptTcpClientAsync();
            var stream = connection.GetStream();
            var request = await TlsApiServer.ReadRequestHeadAsync(stream);
            var body = """{"gitVersion":"v1.35.0"}"""u8.ToArray();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
            await stream.WriteAsync(body);
            return request;
        });

        // The server's name does not resolve: only the proxy can answer for it.
        var target = ClusterTarget.Plain("http://cluster.invalid:6443") with { Proxy = new Uri($"http://127.0.0.1:{port}") };
        using var client = await KubeApiClient.CreateAsync(target, TimeSpan.FromSeconds(10));
        var version = await client.GetRequiredAsync("/version");
        Assert.Equal("v1.35.0", version.GetProperty("gitVersion").GetString());
        var request = await seen;
        Assert.NotNull(request);
        Assert.StartsWith("GET http://cluster.invalid:6443/version HTTP/1.1\r\n", request, StringComparison.Ordinal);
    }
}
