using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CalicoAlp.Manifests.Output;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Tests.Support;
using CsCheck;
using Xunit.Abstractions;

namespace CalicoAlp.Cli.Tests;

/// <summary>
/// Generated and mutated stack files through `alp check` and `alp render`, in process: the
/// answer is exit 0 or 2, one well-formed line per problem, no stack trace and nothing raw sent
/// to the terminal, within bounded time and allocation; render is all or nothing, and what it
/// writes reads back as the Plan's objects. Bounded by a fixed number of cases (see Cases);
/// CsCheck prints the seed of any failing case to replay it.
/// </summary>
public sealed partial class StackFileFuzzTests(ITestOutputHelper output)
{
    /// <summary>Cases per test: 2000 in the test command (about 8 s each on 2 cores); ALP_FUZZ_CASES asks for a longer run.</summary>
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("ALP_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 2000;

    [GeneratedRegex(@"\A(error: \S.*?: .+|alp: \d+ errors?; nothing was written)\z")]
    private static partial Regex ProblemLine();

    private static readonly string Hex64 = new('a', 64);

    /// <summary>Pieces of values: valid ones, so cases get past the first check, and hostile ones.</summary>
    private static readonly string[] Fragments =
    [
        "", "shop", "web", "payments", "istio", "enterprise", "STRICT", "PERMISSIVE", "production", "non-production", "workloads", "namespace",
        "existing", "create", "restricted", "open", "1.35", "1.29", "v3.33.1", "v3.30.0", "1.31.0", "sha256:" + Hex64, "v3.33.1@sha256:" + Hex64, "true", "false", "null", "~",
        "0", "-1", "1e400", "0x1f", "10000", "250m", "128Mi", new string('a', 253), "ü", "\n", "\r", "\t", "\u0085", "\u2028", "\u001b[31m",
        "'", "\"", "\\", ":", ": ", "#", "- ", "&a", "*a", "[", "]", "{", "}", "((app == 'a'", "app == 'x'", "app == 'web'", "all()", "has(app)",
        "&& ||", "/v1/*", "/admin", "GET", "POST", "registry.example.com/x", "istio-system", "default", "..", "../x", "$(id)", "%s", "{{.}}",
    ];

    private static readonly string[] Fields =
    [
        "name", "workloads", "namespace", "selector", "ingress", "egress", "action", "http", "methods", "paths", "exact", "prefix", "enrolment",
        "ownership", "requests", "limits", "cpu", "memory", "kind", "order", "ports", "nets", "applicationLayerPolicy", "logIntervalSeconds", "x",
    ];

    private static readonly Gen<string> Text =
        Gen.Int[1, 3].SelectMany(n => Gen.Int[0, Fragments.Length - 1].Array[n]).Select(ix => string.Concat(ix.Select(i => Fragments[i])));

    /// <summary>A YAML value in flow style: a scalar written plain, single- or double-quoted, a list or a mapping.</summary>
    private static readonly Gen<string> Value = Gen.Recursive<string>((depth, inner) => depth >= 3
        ? Scalar()
        : Gen.Frequency(
            (5, Scalar()),
            (2, inner.List[0, 4].Select(items => "[" + string.Join(", ", items) + "]")),
            (2, Gen.Select(Gen.Int[0, Fields.Length - 1], inner).List[0, 5]
                .Select(pairs => "{" + string.Join(", ", pairs.Select(p => Fields[p.Item1] + ": " + p.Item2)) + "}"))));

    private static Gen<string> Scalar() => Gen.Select(Text, Gen.Int[0, 2]).Select(p => p.Item2 switch
    {
        0 when PlainSafe(p.Item1) => p.Item1,
        1 => "'" + p.Item1.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => DoubleQuoted(p.Item1),
    });

    private static readonly string[] KeyNames = [.. ConfigCatalog.Keys.Select(k => ConfigCatalog.Qualified(k.Name)),
        "other:x", "kubernetes:context", "calcio-alp:mode", "mode", "calico-alp:nope"];

    /// <summary>A whole stack file: usually non-production (so guardrails do not stop every case first), and a few keys.</summary>
    private static readonly Gen<byte[]> Generated =
        Gen.Select(Gen.Bool, Gen.Select(Gen.Int[0, KeyNames.Length - 1], Value).List[0, 8]).Select(p =>
        {
            var text = new StringBuilder("config:\n");
            if (p.Item1)
            {
                text.Append("  calico-alp:environment: non-production\n");
            }

            foreach (var (key, value) in p.Item2)
            {
                text.Append("  ").Append(KeyNames[key]).Append(": ").Append(value).Append('\n');
            }

            return Encoding.UTF8.GetBytes(text.ToString());
        });

    private static readonly byte[][] Seeds = [.. Directory.GetFiles(HostileCorpusTests.CorpusFolder, "*.yaml")
        .Concat(new[] { "Pulumi.dev.yaml", "Pulumi.prod.yaml", Path.Combine("examples", "Pulumi.enterprise.yaml") }.Select(f => Path.Combine(RepoPaths.Root, f)))
        .Where(f => new FileInfo(f).Length < 16_384)
        .Order(StringComparer.Ordinal)
        .Select(File.ReadAllBytes)];

    private static readonly byte[][] Inserts = [.. Fragments.Select(Encoding.UTF8.GetBytes), [0xFF], [0xC3, 0x28], "\n  "u8.ToArray(), "\n- "u8.ToArray()];

    /// <summary>A seed with a few byte-level edits: spans deleted or duplicated, fragments and invalid UTF-8 inserted.</summary>
    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 3], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Int[0, Inserts.Length - 1]).Array[1, 4])
            .Select(p =>
            {
                var bytes = new List<byte>(Seeds[p.Item1]);
                foreach (var (op, at, span, insert) in p.Item2)
                {
                    var start = (int)(at * bytes.Count);
                    var length = Math.Min(bytes.Count - start, (int)(span * 24));
                    switch (op)
                    {
                        case 0:
                            bytes.RemoveRange(start, length);
                            break;
                        case 1:
                            bytes.InsertRange(start, bytes.GetRange(start, length));
                            break;
                        default:
                            bytes.InsertRange(start, Inserts[insert]);
                            break;
                    }
                }

                return bytes.ToArray();
            });

    [Fact]
    public void Generated_stack_files_get_a_bounded_well_formed_answer_and_an_all_or_nothing_render() => Run(Generated, Cases);

    [Fact]
    public void Mutated_seeds_get_a_bounded_well_formed_answer_and_an_all_or_nothing_render() => Run(Mutated, Cases);

    private void Run(Gen<byte[]> gen, int cases)
    {
        using var project = new ScratchProject();
        var counts = new int[3];
        var clock = Stopwatch.StartNew();
        gen.Sample(bytes => counts[Case(project, bytes)]++, iter: cases, threads: 1,
            print: bytes => Encoding.UTF8.GetString(bytes).Replace("\n", "\\n", StringComparison.Ordinal));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cases} cases in {clock.Elapsed.TotalSeconds:F1} s: {counts[0]} valid (rendered and read back), {counts[2]} refused"));
        // Both answers must occur, or the generator has stopped reaching one of them.
        Assert.True(counts[0] > 0 && counts[2] > 0, $"valid {counts[0]}, invalid {counts[2]} of {cases}");
    }

    /// <returns>The exit code of the case.</returns>
    private static int Case(ScratchProject project, byte[] stack)
    {
        var file = Path.Combine(project.Directory, "Pulumi.fuzz.yaml");
        var output = Path.Combine(project.Directory, "out");
        File.WriteAllBytes(file, stack);

        var check = Timed(() => CliRun.In(project.Directory, "check", "--stack", "fuzz"));
        Assert.True(check.ExitCode is 0 or 2, $"check exit {check.ExitCode}: {check.Stderr}");
        AssertWellFormed(check);

        var render = Timed(() => CliRun.In(project.Directory, "render", "--stack", "fuzz", "--out", output));
        AssertWellFormed(render);
        Assert.Equal(check.ExitCode, render.ExitCode);
        if (check.ExitCode == 2)
        {
            Assert.Equal(check.Stderr, render.Stderr);
        }

        // Nothing beside the project's own files and the render (and its lock): no staging folder left, nothing written elsewhere.
        var entries = Directory.EnumerateFileSystemEntries(project.Directory).Select(Path.GetFileName).Where(n => n != ".out.alp-lock").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(render.ExitCode == 0 ? ["Pulumi.fuzz.yaml", "Pulumi.yaml", "out"] : new[] { "Pulumi.fuzz.yaml", "Pulumi.yaml" }, entries);
        if (render.ExitCode == 0)
        {
            var plan = PlanBuilder.Build(StackLoader.FromFiles(project.Directory, "fuzz").Settings!);
            foreach (var item in plan.Items)
            {
                var back = YamlJson.Single(File.ReadAllText(Path.Combine(output, PlanFiles.PathOf(item))));
                Assert.True(YamlJson.ReadsBackAs(item.Body(), back), $"{item.Id} reads back differently");
            }

            Directory.Delete(output, recursive: true);
        }

        return check.ExitCode;
    }

    private static CliRun Timed(Func<CliRun> run)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = run();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(bytes < 256L * 1024 * 1024, string.Create(CultureInfo.InvariantCulture, $"allocated {bytes / (1024 * 1024)} MiB"));
        return result;
    }

    private static void AssertWellFormed(CliRun run)
    {
        Assert.False(run.PrintedStackTrace, run.Stderr);
        Assert.DoesNotContain("internal error", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Stdout + run.Stderr, c => char.IsControl(c) && c != '\n');
        foreach (var line in run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Matches(ProblemLine(), line);
        }
    }

    private static bool PlainSafe(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/') && char.IsAsciiLetterOrDigit(text[0]);

    private static string DoubleQuoted(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
