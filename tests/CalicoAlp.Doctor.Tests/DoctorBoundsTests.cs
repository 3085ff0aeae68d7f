using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CalicoAlp.Cli;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Doctor.Tests;

/// <summary>
/// What doctor does with a hostile or awkward environment: an answer without end, a kubeconfig
/// that is a FIFO, a credential plugin that asks the user something, one that leaves a process
/// behind. Always an answer within bounds, never a hang or a memory blow-up.
/// </summary>
[Collection(DoctorEnvironment.Name)]
public sealed class DoctorBoundsTests() : KubeconfigScratch("alp-doctor-bounds-")
{
    private string Kubeconfig(string server, string user)
    {
        var path = Path.Combine(Folder, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: c
                cluster:
                  server: "{server}"
            users:
              - name: u
                user:
            {user}
            contexts:
              - name: kind-calico-alp
                context:
                  cluster: c
                  user: u
            current-context: kind-calico-alp
            """);
        Environment.SetEnvironmentVariable("KUBECONFIG", path);
        return path;
    }

    private string Script(string name, string body)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private const string Credential = """{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"TOKEN"}}""";

    private static string Exec(string command) => $"""
                      exec:
                        apiVersion: client.authentication.k8s.io/v1
                        command: {command}
                        interactiveMode: IfAvailable
        """;

    /// <summary>An HTTP server on 127.0.0.1 whose every answer is the header it is given, then bytes without end.</summary>
    private static (string Url, Task Serving, CancellationTokenSource Stop) EndlessServer(string header)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    using var socket = await listener.AcceptTcpClientAsync(stop.Token);
                    await using var stream = socket.GetStream();
                    // The request's first bytes are enough: every request gets the same answer.
                    var buffer = new byte[4096];
                    _ = await stream.ReadAtLeastAsync(buffer, 1, throwOnEndOfStream: false, stop.Token);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(header), stop.Token);
                    var chunk = Encoding.ASCII.GetBytes("100000\r\n" + new string('x', 0x100000) + "\r\n");
                    try
                    {
                        // Bounded too: at most 4 GiB, the client gives up long before.
                        for (var i = 0; i < 4096 && !stop.IsCancellationRequested; i++)
                        {
                            await stream.WriteAsync(chunk, stop.Token);
                        }
                    }
                    catch (IOException)
                    {
                        // The client stopped reading and closed the connection.
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                listener.Stop();
            }
        });
        return ($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}", serving, stop);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1500000000\r\n\r\n")]
    public async Task An_answer_without_end_is_cut_off_at_the_limit_with_one_line(string header)
    {
        var (url, serving, stop) = EndlessServer(header);
        using (stop)
        {
            Kubeconfig(url, "      token: t");
            var before = GC.GetTotalAllocatedBytes();
            var timer = Stopwatch.StartNew();
            var (code, _, stderr) = Alp("doctor", "--stack", "dev");
            Assert.Equal(2, code);
            Assert.Contains("is larger than 67108864 bytes", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(60), $"took {timer.Elapsed}");
            // Read once, up to the limit; never the whole answer.
            Assert.True(GC.GetTotalAllocatedBytes() - before < 1024L * 1024 * 1024, $"{(GC.GetTotalAllocatedBytes() - before) >> 20} MiB allocated");
            await stop.CancelAsync();
            await serving;
        }
    }

    [SkippableFact]
    public async Task A_kubeconfig_that_is_a_fifo_is_refused_at_once()
    {
        Skip.If(OperatingSystem.IsWindows(), "no FIFOs on Windows");

        var fifo = Path.Combine(Folder, "fifo-config");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        Environment.SetEnvironmentVariable("KUBECONFIG", fifo);
        var run = Task.Run(() => Alp("doctor", "--stack", "dev"));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, "doctor blocked on the FIFO");
        var (code, _, stderr) = await run;
        Assert.Equal(2, code);
        Assert.StartsWith($"error: kubeconfig: {fifo}: '{fifo}' is a pipe, socket or terminal, not a file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_plugin_that_asks_the_user_shows_its_prompt_at_once_and_reads_the_answer()
    {
        using var server = RecordedCluster.Healthy().Serve();
        var plugin = Script("sign-in", $"""
            echo "To sign in, enter the code ABCD-1234 at https://login.example.invalid/device" >&2
            read -r answer
            echo '{Credential.Replace("TOKEN", "'\"$answer\"'", StringComparison.Ordinal)}'
            """);
        Kubeconfig(server.Url, Exec(plugin));

        var alp = Path.Combine(AppContext.BaseDirectory, "alp");
        var start = new ProcessStartInfo(alp, ["doctor", "--stack", "dev"])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        // The prompt arrives while the plugin still waits for its answer: nothing buffers it. (The
        // client runs the plugin when it reads the kubeconfig and again for its first request; each
        // prompt is answered as a user would.)
        var prompts = 0;
        var rest = new StringBuilder();
        while (await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            if (line == "To sign in, enter the code ABCD-1234 at https://login.example.invalid/device")
            {
                prompts++;
                Assert.False(process.HasExited);
                await process.StandardInput.WriteLineAsync("signed-in-token");
                await process.StandardInput.FlushAsync();
            }
            else
            {
                rest.AppendLine(line);
            }
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, rest.ToString());
        Assert.InRange(prompts, 1, 2);
        Assert.Contains("checks: 21 pass", await stdout, StringComparison.Ordinal);
        // The answer the user typed is what the plugin handed over.
        Assert.All(server.Requests, r => Assert.Equal("Bearer signed-in-token", r.Authorization));
    }

    [Fact]
    public async Task A_credential_plugin_that_leaves_a_process_behind_stops_doctor_at_its_deadline()
    {
        using var server = RecordedCluster.Healthy().Serve();
        var pidFile = Path.Combine(Folder, "child.pid");
        var plugin = Script("leaves-a-child", $"""
            sleep 600 &
            echo $! > "{pidFile}"
            echo '{Credential}'
            """);
        Kubeconfig(server.Url, Exec(plugin));
        var deadline = ClusterConnection.Deadline;
        ClusterConnection.Deadline = TimeSpan.FromSeconds(5);
        try
        {
            var timer = Stopwatch.StartNew();
            var (code, _, stderr) = await Task.Run(() => Alp("doctor", "--stack", "dev")).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(30), $"took {timer.Elapsed}");
            Assert.Equal(2, code);
            Assert.Contains("the credentials were not ready within 5 s", stderr, StringComparison.Ordinal);
        }
        finally
        {
            ClusterConnection.Deadline = deadline;
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                try
                {
                    Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                    // Gone already.
                }
            }
        }
    }
}

/// <summary>Doctor's tests change KUBECONFIG and the deadline, which the whole process shares: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DoctorEnvironment
{
    public const string Name = "doctor environment";
}
