using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace CalicoAlp.ApiServer.Tests.Envtest;

/// <summary>
/// A real etcd and kube-apiserver on 127.0.0.1, as controller-runtime's envtest starts them: ports
/// picked here, the server's own CA and serving certificate, one bearer token in the
/// system:masters group, and everything in a scratch folder that goes with <see cref="Dispose"/>.
/// </summary>
public sealed class ControlPlane : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);

    private readonly string _folder;
    private readonly TestPki _pki;
    private readonly ServerProcess _etcd;
    private readonly ServerProcess _apiServer;

    private ControlPlane(string folder, TestPki pki, ServerProcess etcd, ServerProcess apiServer, string url, string token, TimeSpan startUp)
    {
        _folder = folder;
        _pki = pki;
        _etcd = etcd;
        _apiServer = apiServer;
        Url = url;
        Token = token;
        StartUp = startUp;
    }

    public string Url { get; }

    public string Token { get; }

    /// <summary>From starting etcd to kube-apiserver's /readyz answering ok.</summary>
    public TimeSpan StartUp { get; }

    public string CaPem => _pki.CaPem;

    /// <summary>Resident memory of kube-apiserver and etcd now, in MiB (null where /proc does not tell).</summary>
    public (long? ApiServer, long? Etcd) ResidentMiB() => (_apiServer.ResidentMiB(), _etcd.ResidentMiB());

    public static async Task<ControlPlane> StartAsync(EnvtestAssets assets)
    {
        var started = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("alp-apiserver-").FullName;
        var pki = new TestPki("alp-envtest-ca");
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        File.WriteAllText(Path.Combine(folder, "tls.crt"), pki.Server.ExportCertificatePem() + "\n" + pki.CaPem + "\n");
        File.WriteAllText(Path.Combine(folder, "tls.key"), pki.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");
        using (var serviceAccountKey = RSA.Create(2048))
        {
            File.WriteAllText(Path.Combine(folder, "sa.key"), serviceAccountKey.ExportPkcs8PrivateKeyPem() + "\n");
        }

        File.WriteAllText(Path.Combine(folder, "tokens.csv"), $"{token},alp-tester,alp-tester,\"system:masters\"\n");

        int clientPort = FreePort(), peerPort = FreePort(), securePort = FreePort();
        var etcd = ServerProcess.Start(assets.Etcd, folder,
            "--data-dir", Path.Combine(folder, "etcd"),
            "--listen-client-urls", $"http://127.0.0.1:{clientPort}",
            "--advertise-client-urls", $"http://127.0.0.1:{clientPort}",
            "--listen-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-cluster", $"default=http://127.0.0.1:{peerPort}",
            "--log-level", "warn");
        ServerProcess? apiServer = null;
        try
        {
            using var deadline = new CancellationTokenSource(StartDeadline);
            using var plain = new HttpClient();
            await WaitAsync(() => plain.GetStringAsync(new Uri($"http://127.0.0.1:{clientPort}/health"), deadline.Token), etcd, "etcd", deadline.Token).ConfigureAwait(false);

            apiServer = ServerProcess.Start(assets.ApiServer, folder,
                "--etcd-servers", $"http://127.0.0.1:{clientPort}",
                "--bind-address", "127.0.0.1",
                "--advertise-address", "127.0.0.1",
                "--secure-port", securePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tls-cert-file", Path.Combine(folder, "tls.crt"),
                "--tls-private-key-file", Path.Combine(folder, "tls.key"),
                "--cert-dir", Path.Combine(folder, "certs"),
                "--token-auth-file", Path.Combine(folder, "tokens.csv"),
                "--authorization-mode", "RBAC",
                "--service-account-issuer", "https://127.0.0.1",
                "--service-account-key-file", Path.Combine(folder, "sa.key"),
                "--service-account-signing-key-file", Path.Combine(folder, "sa.key"),
                "--service-cluster-ip-range", "10.0.0.0/24",
                "--allow-privileged=true",
                // Nothing here sends enough requests for fairness queues to matter; off, start-up is shorter.
                "--enable-priority-and-fairness=false");
            var url = $"https://127.0.0.1:{securePort}";
            using var tls = new HttpClient(Trusting(pki.Ca));
            await WaitAsync(async () =>
            {
                var ready = await tls.GetStringAsync(new Uri(url + "/readyz"), deadline.Token).ConfigureAwait(false);
                if (ready != "ok")
                {
                    throw new HttpRequestException("not ready: " + ready);
                }
            }, apiServer, "kube-apiserver", deadline.Token).ConfigureAwait(false);
            return new ControlPlane(folder, pki, etcd, apiServer, url, token, started.Elapsed);
        }
        catch
        {
            apiServer?.Dispose();
            etcd.Dispose();
            pki.Dispose();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>The official client on this server, as a user's kubeconfig would configure it.</summary>
    public Kubernetes Client() => new(Configuration());

    public KubernetesClientConfiguration Configuration() => new()
    {
        Host = Url,
        AccessToken = Token,
        SslCaCerts = [X509Certificate2.CreateFromPem(CaPem)],
    };

    /// <summary>A kubeconfig naming this server as context <paramref name="context"/>, for alp doctor.</summary>
    public string WriteKubeconfig(string path, string context = "envtest")
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(CaPem));
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: {context}
                cluster: {"{"}server: "{Url}", certificate-authority-data: "{ca}"{"}"}
            users:
              - name: {context}
                user: {"{"}token: "{Token}"{"}"}
            contexts:
              - name: {context}
                context: {"{"}cluster: {context}, user: {context}{"}"}
            current-context: {context}
            """);
        return path;
    }

    public string LogTail() => $"kube-apiserver:\n{_apiServer.Tail()}\netcd:\n{_etcd.Tail()}";

    public void Dispose()
    {
        _apiServer.Dispose();
        _etcd.Dispose();
        _pki.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // etcd may still be closing its files; the folder is in the system's temp space.
        }
    }

    private static HttpClientHandler Trusting(X509Certificate2 ca) => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
        {
            if (certificate is null || chain is null)
            {
                return false;
            }

            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        },
    };

    private static async Task WaitAsync(Func<Task> probe, ServerProcess process, string name, CancellationToken deadline)
    {
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode} while starting:\n{process.Tail()}");
            }

            try
            {
                await probe().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !deadline.IsCancellationRequested)
            {
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{name} did not become ready within {StartDeadline.TotalSeconds} s:\n{process.Tail()}");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
