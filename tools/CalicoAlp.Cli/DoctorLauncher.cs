using System.Diagnostics;

namespace CalicoAlp.Cli;

/// <summary>
/// `alp doctor` runs alp-doctor, the executable beside alp. Every alp start-up pays for the binary's
/// size (measured when the official Kubernetes client was linked in: `alp check` from 7 ms to 21 ms),
/// so the kubeconfig, HTTP and TLS code of a cluster read stays out of the offline verbs' binary.
/// </summary>
internal static class DoctorLauncher
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        var here = AppContext.BaseDirectory;
        var name = OperatingSystem.IsWindows() ? "alp-doctor.exe" : "alp-doctor";
        // Beside alp (build/alp publishes both there), else on PATH (the two .NET tools install separately).
        var native = Path.Combine(here, name) is var beside && File.Exists(beside) ? beside
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists) ?? beside;
        var managed = Path.Combine(here, "alp-doctor.dll");
        ProcessStartInfo start;
        if (File.Exists(native))
        {
            start = new ProcessStartInfo(native);
        }
        else if (File.Exists(managed))
        {
            // The JIT build: alp-doctor.dll through the same dotnet host.
            start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet");
            start.ArgumentList.Add(managed);
        }
        else
        {
            stderr.WriteLine($"alp doctor: alp-doctor was not found beside alp (in {here}) or on PATH; ./build/alp doctor publishes both, "
                + "the CalicoAlp.Doctor .NET tool installs it, or run: dotnet run --project tools/CalicoAlp.Doctor -- doctor ...");
            return ExitCodes.Usage;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.WorkingDirectory = workingDirectory;
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        stdout.Write(process.StandardOutput.ReadToEnd());
        stderr.Write(error.GetAwaiter().GetResult());
        process.WaitForExit();
        return process.ExitCode;
    }
}
