using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CalicoAlp.Doctor.Tests.Kube;

/// <summary>
/// An API server on https://127.0.0.1 as kind's is: its certificate from the test PKI, a client
/// certificate asked for. It answers /version, and /forbidden as an RBAC refusal; it records the
/// subject of each client certificate it was shown.
/// </summary>
internal sealed class TlsApiServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly Task _serving;

    public TlsApiServer(X509Certificate2 certificate, IPAddress? address = null)
    {
        _certificate = certificate;
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        var endpoint = (IPEndPoint)_listener.LocalEndpoint;
        Url = endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"https://[{endpoint.Address}]:{endpoint.Port}" : $"https://{endpoint.Address}:{endpoint.Port}";
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Per answered request: the client certificate's subject, or "(none)".</summary>
    public ConcurrentQueue<string> ClientSubjects { get; } = new();

    private async Task ServeAsync()
    {
        while (true)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped, also before the first accept began.
                return;
            }

            _ = Task.Run(() => AnswerAsync(connection));
        }
    }

    private async Task AnswerAsync(TcpClient connection)
    {
        using (connection)
        {
            try
            {
                await using var tls = new SslStream(connection.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ClientCertificateRequired = true,
                    // Who the client is, is recorded, not judged: the tests check what the client sent.
#pragma warning disable CA5359
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
                }).ConfigureAwait(false);
                if (await ReadRequestHeadAsync(tls).ConfigureAwait(false) is not { } request)
                {
                    return;
                }

                ClientSubjects.Enqueue(tls.RemoteCertificate?.Subject ?? "(none)");
                var path = request.Split(' ', 3)[1];
                var (status, body) = path switch
                {
                    "/version" => ("200 OK", """{"major":"1","minor":"35","gitVersion":"v1.35.0"}"""),
                    "/forbidden" => ("403 Forbidden", """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"nodes is forbidden: User \"alp-tester\" cannot list resource \"nodes\"","reason":"Forbidden","code":403}"""),
                    _ => ("404 Not Found", """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}"""),
                };
                var bytes = Encoding.UTF8.GetBytes(body);
                await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n")).ConfigureAwait(false);
                await tls.WriteAsync(bytes).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The client refused the handshake: what the refusal tests expect.
            }
        }
    }

    /// <summary>An HTTP/1.1 request's line and headers, or null when the client closed first.</summary>
    public static async Task<string?> ReadRequestHeadAsync(Stream stream)
    {
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return request.ToString();
    }

    public void Dispose()
    {
        _listener.Stop();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
