using System.Diagnostics;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Cli.Tests;

/// <summary>
/// The Native AOT alp (build/alp publishes it to build/.alp/alp; the test command does so first)
/// prints, writes and exits exactly as the JIT one does, case for case.
/// </summary>
public sealed class NativeBinaryTests
{
    private static readonly string Binary = Environment.GetEnvironmentVariable("ALP_NATIVE") is { Length: > 0 } path
        ? path
        : Path.Combine(RepoPaths.Root, "build", ".alp", "alp");

    public static TheoryData<string[]> Cases()
    {
        var data = new TheoryData<string[]>
        {
            new[] { "check", "--stack", "dev" },
            new[] { "check", "--stack", "prod" },
            new[] { "check", "--stack-file", Path.Combine("examples", "Pulumi.enterprise.yaml") },
            new[] { "check", "--stack", "missing" },
            new[] { "graph", "--stack", "dev" },
            new[] { "config-reference" },
            new[] { "check" },
            new[] { "sideways" },
        };
        return data;
    }

    /// <summary>Fails where the binary should be and is not; reports the test skipped where ALP_NO_NATIVE=1 said it would not be built.</summary>
    private static void RequireBinary()
    {
        Assert.True(File.Exists(Binary) || Environment.GetEnvironmentVariable("ALP_NO_NATIVE") == "1",
            $"{Binary} is missing: run ./build/alp once (the test command does), or set ALP_NO_NATIVE=1 where Native AOT cannot build");
        Skip.IfNot(File.Exists(Binary), "ALP_NO_NATIVE=1: the native alp is not built here");
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void The_native_binary_prints_and_exits_exactly_as_the_jit_command(string[] args)
    {
        RequireBinary();

        var jit = CliRun.In(RepoPaths.Root, args);
        var native = Native(RepoPaths.Root, args);
        // Help text names the running executable; in process that is the test host, not alp.
        static string AsAlp(string text) => text.Replace("  testhost ", "  alp ", StringComparison.Ordinal);
        Assert.Equal((jit.ExitCode, AsAlp(jit.Stdout), AsAlp(jit.Stderr)), native);
    }

    [SkippableFact]
    public void Every_bad_config_case_gets_the_same_answer_from_the_native_binary()
    {
        RequireBinary();

        foreach (var bad in BadConfigCorpus.All)
        {
            using var project = new ScratchProject();
            project.WriteStack("case", bad.Stack);
            var jit = CliRun.In(project.Directory, "check", "--stack", "case");
            Assert.Equal((jit.ExitCode, jit.Stdout, jit.Stderr), Native(project.Directory, "check", "--stack", "case"));
        }
    }

    [SkippableTheory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_native_render_is_byte_identical_to_the_jit_render(string stack)
    {
        RequireBinary();

        var scratch = Directory.CreateTempSubdirectory("alp-native-");
        try
        {
            var jitOut = Path.Combine(scratch.FullName, "jit");
            var nativeOut = Path.Combine(scratch.FullName, "native");
            Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", stack, "--out", jitOut).ExitCode);
            Assert.Equal(0, Native(RepoPaths.Root, "render", "--stack", stack, "--out", nativeOut).ExitCode);
            string[] Files(string dir) => [.. Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal)];
            Assert.Equal(Files(jitOut), Files(nativeOut));
            Assert.All(Files(jitOut), f => Assert.True(File.ReadAllBytes(Path.Combine(jitOut, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(nativeOut, f))), f));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Native(string directory, params string[] args) =>
        Native(directory, new Dictionary<string, string>(), args);

    private static (int ExitCode, string Stdout, string Stderr) Native(string directory, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Binary, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(30_000), "the native alp did not stop");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
