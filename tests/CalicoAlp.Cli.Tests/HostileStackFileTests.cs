using System.Diagnostics;
using System.Text;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Cli.Tests;

/// <summary>Stack files built to hurt: each is a named error with exit 2, quickly, with nothing written.</summary>
public sealed class HostileStackFileTests
{
    private static CliRun CheckFile(ScratchProject project, string path)
    {
        var clock = Stopwatch.StartNew();
        var run = CliRun.In(project.Directory, "check", "--stack", "case", "--stack-file", path);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.False(run.PrintedStackTrace, run.Stderr);
        return run;
    }

    [Theory]
    [InlineData("config:\n  x:a: &a [*a]\n", "error: Pulumi.case.yaml: line 2: anchors (&a) are not allowed in a stack file; write the value out")]
    [InlineData("config:\n  calico-alp:namespaces: &l0 [a, a]\n  other:x: [*l0, *l0, *l0]\n", "error: Pulumi.case.yaml: line 2: anchors (&l0) are not allowed in a stack file; write the value out")]
    [InlineData("config:\n  calico-alp:mode: *nowhere\n", "error: Pulumi.case.yaml: line 2: aliases (*nowhere) are not allowed in a stack file; write the value out")]
    [InlineData("config:\n  ? [a]\n  : b\n", "error: Pulumi.case.yaml: line 2: a mapping key must be a plain string, not a list or a mapping")]
    [InlineData("? [a]\n: b\nconfig: {}\n", "error: Pulumi.case.yaml: line 1: a mapping key must be a plain string, not a list or a mapping")]
    [InlineData("config:\n  calico-alp:namespaces:\n    - name: shop\n      workloads: [web]\n      {k: v}: 1\n", "error: Pulumi.case.yaml: line 5: a mapping key must be a plain string, not a list or a mapping")]
    [InlineData("config:\n  calico-alp:namespaces:\n    - name: shop\n      workloads: [web]\n      x: 1e400\n", "error: calico-alp:namespaces: line 5: '1e400' is too large for a number; quote it if it is meant as text")]
    public void Aliases_non_scalar_keys_and_infinite_numbers_are_config_errors_naming_the_line(string stack, string expect)
    {
        using var project = new ScratchProject();
        var run = CheckFile(project, project.WriteStack("case", stack));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(expect + "\n", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("is\\ntio", "'is\\ntio'")]
    [InlineData("red\\e[31m", "'red\\u001b[31m'")]
    [InlineData("a\\u2028b", "'a\\u2028b'")]
    [InlineData("shop\\n", "'shop\\n'")]
    [InlineData("shop\\u202Epmet", "'shop\\u202epmet'")]
    [InlineData("sh\\u200Bop", "'sh\\u200bop'")]
    public void Values_are_printed_escaped_one_problem_per_line(string yamlEscaped, string shown)
    {
        using var project = new ScratchProject();
        var run = CheckFile(project, project.WriteStack("case", $"config:\n  calico-alp:environment: non-production\n  calico-alp:namespaces:\n    - name: \"{yamlEscaped}\"\n      workloads: [web]\n"));
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: calico-alp:namespaces[0].name: {shown} is not a valid namespace name; expected a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters\nalp: 1 error; nothing was written\n", run.Stderr);
    }

    [Fact]
    public void Fifty_thousand_nested_brackets_are_a_depth_error_not_a_stack_overflow()
    {
        using var project = new ScratchProject();
        var run = CheckFile(project, project.WriteStack("case", "config:\n  other:x: " + new string('[', 50_000) + new string(']', 50_000) + "\n"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: Pulumi.case.yaml: line 2: nested deeper than 32 levels, the most a stack file may nest", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endless_device_is_refused_by_size_without_reading_it_all()
    {
        // /dev/zero is on every machine this runs on (Linux, macOS); it reports no length and never ends.
        using var project = new ScratchProject();
        var run = CheckFile(project, "/dev/zero");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: zero: larger than a stack file may be (1048576 bytes)\n", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dangling_link_a_folder_and_invalid_utf8_are_named_errors()
    {
        using var project = new ScratchProject();
        var link = Path.Combine(project.Directory, "Pulumi.case.yaml");
        File.CreateSymbolicLink(link, Path.Combine(project.Directory, "gone.yaml"));
        Assert.Contains("is a link to a file that does not exist", CheckFile(project, link).Stderr, StringComparison.Ordinal);
        File.Delete(link);

        Directory.CreateDirectory(link);
        Assert.Contains("is a folder, not a stack file", CheckFile(project, link).Stderr, StringComparison.Ordinal);
        Directory.Delete(link);

        File.WriteAllBytes(link, [.. Encoding.UTF8.GetBytes("config:\n  calico-alp:mode: istio\n  calico-alp:kubeContext: "), 0xC3, 0x28, (byte)'\n']);
        var run = CheckFile(project, link);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: Pulumi.case.yaml: line 3: not valid UTF-8; save the file as UTF-8\n", run.Stderr, StringComparison.Ordinal);
    }
    [Fact]
    public void A_fifo_with_no_writer_is_refused_at_once_instead_of_waiting_forever()
    {
        using var project = new ScratchProject();
        var fifo = Path.Combine(project.Directory, "Pulumi.case.yaml");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var run = CheckFile(project, fifo);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: Pulumi.case.yaml: '{fifo}' is a pipe, socket or terminal, not a file; save the config to a file first\n", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_stack_file_under_the_limit_is_read_whole()
    {
        // About 90 KiB: many reads, and the last key (mode) must still be seen.
        using var project = new ScratchProject();
        var padding = string.Concat(Enumerable.Range(0, 3000).Select(i => $"  other:key{i}: value-{i}\n"));
        var run = CheckFile(project, project.WriteStack("case", "config:\n  calico-alp:environment: non-production\n" + padding + "  calico-alp:mode: sideways\n"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("calico-alp:mode: 'sideways' is not allowed", run.Stderr, StringComparison.Ordinal);
    }
}
