using System.Diagnostics;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Cli.Tests;

/// <summary>
/// A render is whole or untouched, whatever happens to the process: killed with SIGKILL at random
/// moments, or racing another render of the same --out. The renders run as real processes (the
/// native alp the README installs, else the JIT one beside the tests), so the kernel, not the
/// test, decides where each one stops.
/// </summary>
public sealed class RenderAtomicityTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("alp-atomic-");

    public void Dispose() => _scratch.Delete(recursive: true);

    private string Out => Path.Combine(_scratch.FullName, "out");

    private static string Alp =>
        Path.Combine(RepoPaths.Root, "build", ".alp", "alp") is var native && File.Exists(native) && Environment.GetEnvironmentVariable("ALP_NO_NATIVE") != "1"
            ? native
            : Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "alp.exe" : "alp");

    private static Process Start(string stack, string outDir)
    {
        var start = new ProcessStartInfo(Alp, ["render", "--stack", stack, "--out", outDir])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start)!;
    }

    private static Dictionary<string, string> Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);

    private static bool Same(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <summary>Each stack's render, made once in a folder of its own.</summary>
    private Dictionary<string, Dictionary<string, string>> Expected()
    {
        var expected = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var stack in new[] { "dev", "prod" })
        {
            var folder = Path.Combine(_scratch.FullName, "expected-" + stack);
            Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", stack, "--out", folder).ExitCode);
            expected[stack] = Files(folder);
        }

        return expected;
    }

    /// <summary>Which whole render the folder holds: the stack's name, or null when it is missing or mixed.</summary>
    private static string? Holds(string folder, Dictionary<string, Dictionary<string, string>> expected) =>
        Directory.Exists(folder) ? expected.FirstOrDefault(e => Same(Files(folder), e.Value)).Key : null;

    [Fact]
    public async Task A_render_killed_at_any_moment_leaves_the_whole_old_render_or_the_whole_new_one()
    {
        var expected = Expected();
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out).ExitCode);

        // How long one whole render takes here, so the kills spread over all of it.
        var timer = Stopwatch.StartNew();
        using (var whole = Start("prod", Out))
        {
            await whole.WaitForExitAsync();
            Assert.Equal(0, whole.ExitCode);
        }

        var span = (int)Math.Max(timer.ElapsedMilliseconds, 50);
        Assert.Equal("prod", Holds(Out, expected));

        var random = new Random(20261205);
        var outcomes = new List<string>();
        var current = "prod";
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var next = current == "dev" ? "prod" : "dev";
            using (var render = Start(next, Out))
            {
                // Mostly late: the process start is most of the span, the writes and renames its end.
                await Task.Delay((int)(span * (0.4 + (0.8 * random.NextDouble()))));
                try
                {
                    render.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It had already finished.
                }

                await render.WaitForExitAsync();
            }

            var aside = Path.Combine(_scratch.FullName, ".out.alp-old");
            var holds = Holds(Out, expected);
            if (holds is null && !Directory.Exists(Out))
            {
                // Killed between the two renames: the earlier render waits, whole, under its aside name,
                // and the next render puts it back before anything else.
                Assert.Equal(current, Holds(aside, expected));
                outcomes.Add("between");
            }
            else
            {
                Assert.True(holds == current || holds == next, $"attempt {attempt}: '{Out}' holds neither whole render: {string.Join(", ", Files(Out).Keys.Take(5))}");
                outcomes.Add(holds == current ? "old" : "new");
            }

            // The next render starts from whatever was left: a whole render of the stack it renders.
            Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", next, "--out", Out).ExitCode);
            Assert.Equal(next, Holds(Out, expected));
            Assert.False(Directory.Exists(aside));
            Assert.False(Directory.Exists(Path.Combine(_scratch.FullName, ".out.alp-new")));
            current = next;
        }

        Assert.Equal(20, outcomes.Count);
    }

    [Fact]
    public async Task Two_renders_into_one_folder_never_mix_and_the_loser_says_so()
    {
        var expected = Expected();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var dev = Start("dev", Out);
            using var prod = Start("prod", Out);
            var devError = dev.StandardError.ReadToEndAsync();
            var prodError = prod.StandardError.ReadToEndAsync();
            await Task.WhenAll(dev.WaitForExitAsync(), prod.WaitForExitAsync());

            var holds = Holds(Out, expected);
            Assert.True(holds is "dev" or "prod", $"attempt {attempt}: the folder holds no whole render");
            foreach (var (process, error) in new[] { (dev, await devError), (prod, await prodError) })
            {
                if (process.ExitCode != 0)
                {
                    Assert.Equal(2, process.ExitCode);
                    Assert.Contains("another alp render is writing", error, StringComparison.Ordinal);
                }
            }

            // Whichever succeeded last is what the folder holds; a success is never reported over a mix.
            Assert.True(dev.ExitCode == 0 || prod.ExitCode == 0);
            Assert.True((dev.ExitCode == 0 && holds == "dev") || (prod.ExitCode == 0 && holds == "prod"), $"attempt {attempt}: holds {holds}");
        }

    }
}
