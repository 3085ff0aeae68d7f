using CalicoAlp.Cli;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Doctor.Tests;

/// <summary>
/// For tests that point KUBECONFIG at files they write: a scratch folder, KUBECONFIG put back
/// afterwards, and alp run in this process as a user would run it.
/// </summary>
public abstract class KubeconfigScratch(string prefix) : IDisposable
{
    private readonly string? _kubeconfig = Environment.GetEnvironmentVariable("KUBECONFIG");

    protected string Folder { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    protected static (int Code, string Stdout, string Stderr) Alp(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = AlpCommand.Run(args, stdout, stderr, RepoPaths.Root);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("KUBECONFIG", _kubeconfig);
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
