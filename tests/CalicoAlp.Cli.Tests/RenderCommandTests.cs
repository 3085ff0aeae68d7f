using System.Text.Json.Nodes;
using CalicoAlp.Cli;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Cli.Tests;

public sealed class RenderCommandTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("alp-render-");

    public void Dispose() => _scratch.Delete(recursive: true);

    private string Out(string name) => Path.Combine(_scratch.FullName, name);

    /// <summary>The scratch folder's entries, less the renders' lock files (a hidden .NAME.alp-lock beside each --out).</summary>
    private string[] Entries() => [.. Directory.GetFileSystemEntries(_scratch.FullName).Select(Path.GetFileName).OfType<string>()
        .Where(n => !n.EndsWith(".alp-lock", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static Dictionary<string, string> Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllText);

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Render_writes_one_file_per_item_helm_specs_images_and_a_plan_json_that_lists_them(string stack)
    {
        var run = CliRun.In(RepoPaths.Root, "render", "--stack", stack, "--out", Out(stack));
        Assert.Equal(0, run.ExitCode);

        var files = Files(Out(stack));
        var plan = JsonNode.Parse(files["plan.json"])!;
        var items = plan["items"]!.AsArray();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            var file = item!["file"]!.GetValue<string>();
            Assert.True(files.ContainsKey(file), $"{file} listed in plan.json but not written");
            Assert.Contains(item["ownership"]!.GetValue<string>(), new[] { "owned", "patch" });
        }

        Assert.Contains(files.Keys, f => f.StartsWith("helm/", StringComparison.Ordinal));
        Assert.Contains("images/refs.yaml", files.Keys);
        Assert.Equal(items.Count + 3, files.Count); // plus plan.json, images/refs.yaml and the marker
    }

    [Fact]
    public void Rendering_twice_gives_byte_identical_folders()
    {
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("a")).ExitCode);
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("b")).ExitCode);
        Assert.Equal(Files(Out("a")), Files(Out("b")));
    }

    [Fact]
    public void Rendering_an_unchanged_stack_again_writes_nothing_and_any_difference_is_put_right()
    {
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("same")).ExitCode);
        var rendered = Files(Out("same"));
        var plan = Path.Combine(Out("same"), "plan.json");
        var past = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        foreach (var file in Directory.EnumerateFiles(Out("same"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, past);
        }

        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("same")).ExitCode);
        Assert.All(Directory.EnumerateFiles(Out("same"), "*", SearchOption.AllDirectories), f => Assert.Equal(past, File.GetLastWriteTimeUtc(f)));

        // A file edited by hand, an extra file, an extra folder: each time the folder is made the render again.
        File.AppendAllText(plan, " ");
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("same")).ExitCode);
        Assert.Equal(rendered, Files(Out("same")));
        Assert.NotEqual(past, File.GetLastWriteTimeUtc(plan));

        File.WriteAllText(Path.Combine(Out("same"), "helm", "extra.yaml"), "x: 1\n");
        Directory.CreateDirectory(Path.Combine(Out("same"), "stray"));
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("same")).ExitCode);
        Assert.Equal(rendered, Files(Out("same")));
        Assert.False(Directory.Exists(Path.Combine(Out("same"), "stray")));
    }

    [Fact]
    public void A_changed_render_replaces_the_whole_folder_with_exactly_the_new_render()
    {
        using var project = new ScratchProject();
        const string Stack = "config:\n  calico-alp:environment: non-production\n  calico-alp:authzTimeoutMs: {0}\n";
        project.WriteStack("s", string.Format(System.Globalization.CultureInfo.InvariantCulture, Stack, 200));
        Assert.Equal(0, CliRun.In(project.Directory, "render", "--stack", "s", "--out", Out("r")).ExitCode);
        var before = Files(Out("r"));

        project.WriteStack("s", string.Format(System.Globalization.CultureInfo.InvariantCulture, Stack, 300));
        Assert.Equal(0, CliRun.In(project.Directory, "render", "--stack", "s", "--out", Out("r")).ExitCode);
        Assert.Equal(0, CliRun.In(project.Directory, "render", "--stack", "s", "--out", Out("fresh")).ExitCode);
        Assert.Equal(Files(Out("fresh")), Files(Out("r")));
        Assert.NotEqual(before, Files(Out("r")));
        Assert.Equal(["fresh", "r"], Entries());
    }

    [Theory]
    [InlineData("plan.json")]
    [InlineData("helm/istiod.yaml")]
    [InlineData(".alp-render")]
    public void A_write_that_fails_leaves_the_earlier_render_exactly_as_it_was(string failing)
    {
        using var project = new ScratchProject();
        const string Stack = "config:\n  calico-alp:environment: non-production\n  calico-alp:authzTimeoutMs: {0}\n  calico-alp:dikastesDebug: {1}\n";
        project.WriteStack("s", string.Format(System.Globalization.CultureInfo.InvariantCulture, Stack, 200, "false"));
        Assert.Equal(0, CliRun.In(project.Directory, "render", "--stack", "s", "--out", Out("r")).ExitCode);
        File.WriteAllText(Path.Combine(Out("r"), ".alp-render"), "an earlier alp's marker\n");
        var before = Files(Out("r"));
        var past = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        foreach (var file in Directory.EnumerateFiles(Out("r"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, past);
        }

        // Several files change (the injector's template, the authz timeout, the marker), so the failing
        // one comes after others were written into the staging folder beside --out.
        project.WriteStack("s", string.Format(System.Globalization.CultureInfo.InvariantCulture, Stack, 300, "true"));
        var input = StackInput.Load(project.Directory, "s", null);
        var plan = Manifests.Planning.PlanBuilder.Build(input.Result.Settings!);
        var problem = RenderWriter.Write(plan, Out("r"), failWriting: f => f == failing);

        Assert.NotNull(problem);
        Assert.Contains("nothing was changed there", problem, StringComparison.Ordinal);
        Assert.Equal(before, Files(Out("r")));
        Assert.All(Directory.EnumerateFiles(Out("r"), "*", SearchOption.AllDirectories), f => Assert.Equal(past, File.GetLastWriteTimeUtc(f)));
        Assert.Equal(["r"], Entries());

        // And with nothing failing, the same render goes in.
        Assert.Null(RenderWriter.Write(plan, Out("r"), failWriting: null));
        Assert.NotEqual(before, Files(Out("r")));
        Assert.Equal(0, CliRun.In(project.Directory, "render", "--stack", "s", "--out", Out("fresh")).ExitCode);
        Assert.Equal(Files(Out("fresh")), Files(Out("r")));
    }

    [Theory]
    [InlineData("dev", "prod", "plan.json")]
    [InlineData("prod", "dev", "plan.json")]
    [InlineData("prod", "dev", "http-policies/networkpolicy.payments.payments-from-frontend.yaml")]
    public void A_write_that_fails_over_another_stack_leaves_its_render_exactly_as_it_was(string earlierStack, string stack, string failing)
    {
        // dev has a folder prod has not (http-policies): one way it is removed, the other made.
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", earlierStack, "--out", Out("r")).ExitCode);
        var before = Files(Out("r"));
        var folders = Directory.GetDirectories(Out("r"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var plan = Manifests.Planning.PlanBuilder.Build(StackInput.Load(RepoPaths.Root, stack, null).Result.Settings!);
        Assert.Contains(failing, Manifests.Output.PlanFiles.Render(plan).Select(f => f.Path));

        var problem = RenderWriter.Write(plan, Out("r"), failWriting: f => f == failing);

        Assert.NotNull(problem);
        Assert.Equal(before, Files(Out("r")));
        Assert.Equal(folders, Directory.GetDirectories(Out("r"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        Assert.Equal(["r"], Entries());
        Assert.Null(RenderWriter.Write(plan, Out("r"), failWriting: null));
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", stack, "--out", Out("fresh")).ExitCode);
        Assert.Equal(Files(Out("fresh")), Files(Out("r")));
        Assert.Equal(["fresh", "r"], Entries());
    }

    [Fact]
    public void A_file_is_never_linked_from_where_a_link_in_the_earlier_render_points()
    {
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("l")).ExitCode);
        var rendered = Files(Out("l"));
        // The earlier render's helm folder becomes a link to a copy outside it holding the same files.
        var outside = Out("outside");
        Directory.Move(Path.Combine(Out("l"), "helm"), outside);
        Directory.CreateSymbolicLink(Path.Combine(Out("l"), "helm"), outside);

        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("l")).ExitCode);
        Assert.Null(new DirectoryInfo(Path.Combine(Out("l"), "helm")).LinkTarget);
        Assert.Equal(rendered, Files(Out("l")));

        // Written afresh, not a second name for the outside file: changing that one changes nothing here.
        var chart = Directory.GetFiles(outside).First();
        File.AppendAllText(chart, "# edited outside\n");
        Assert.Equal(rendered, Files(Out("l")));
        // The earlier render, link and all, is gone; what the link pointed to is not touched.
        Assert.Equal(["l", "outside"], Entries());
        Assert.Equal(2, Directory.GetFiles(outside).Length);
    }

    [Fact]
    public void A_file_that_is_a_link_in_the_earlier_render_is_written_afresh_not_linked()
    {
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("f")).ExitCode);
        var rendered = Files(Out("f"));
        var chart = Path.Combine(Out("f"), "helm", "istiod.yaml");
        var outside = Out("istiod-outside.yaml");
        File.Move(chart, outside);
        File.CreateSymbolicLink(chart, outside);

        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("f")).ExitCode);
        Assert.Null(new FileInfo(chart).LinkTarget);
        File.AppendAllText(outside, "# edited outside\n");
        Assert.Equal(rendered, Files(Out("f")));
    }

    [SkippableFact]
    public async Task A_fifo_where_a_rendered_file_was_does_not_stop_the_render()
    {
        Skip.If(OperatingSystem.IsWindows(), "no FIFOs on Windows");

        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("p")).ExitCode);
        var rendered = Files(Out("p"));
        var plan = Path.Combine(Out("p"), "plan.json");
        File.Delete(plan);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [plan]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Opened for reading without a writer, a FIFO would block the render for ever.
        var render = Task.Run(() => CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("p")));
        var finished = await Task.WhenAny(render, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(finished == render, "the render blocked on the FIFO");
        Assert.Equal(0, (await render).ExitCode);
        Assert.False(new FileInfo(plan).Attributes.HasFlag(FileAttributes.ReparsePoint));
        Assert.Equal(rendered, Files(Out("p")));
    }

    [Fact]
    public void Render_replaces_its_own_earlier_output_but_refuses_a_folder_it_did_not_write()
    {
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("r")).ExitCode);
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "prod", "--out", Out("r")).ExitCode);
        Assert.DoesNotContain(Files(Out("r")).Keys, f => f.Contains("alp-demo", StringComparison.Ordinal));

        Directory.CreateDirectory(Out("mine"));
        File.WriteAllText(Path.Combine(Out("mine"), "notes.txt"), "keep me");
        var run = CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("mine"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --out:", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(Out("mine"), "notes.txt")));
    }

    [Fact]
    public void A_legal_253_character_name_renders_under_a_short_stable_file_name_that_plan_json_records()
    {
        var workload = string.Join('.', Enumerable.Repeat(new string('w', 62), 4)) + ".x";
        Assert.Equal(253, workload.Length);
        using var project = new ScratchProject();
        project.WriteStack("long", $"config:\n  calico-alp:environment: non-production\n  calico-alp:namespaces:\n    - name: shop\n      workloads: [{workload}]\n");

        var run = CliRun.In(project.Directory, "render", "--stack", "long", "--out", Out("long"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        var item = JsonNode.Parse(Files(Out("long"))["plan.json"])!["items"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == workload)!;
        var file = item["file"]!.GetValue<string>();
        Assert.True(Path.GetFileName(file).Length <= 160, file);
        Assert.Contains(workload, File.ReadAllText(Path.Combine(Out("long"), file)), StringComparison.Ordinal);

        Assert.Equal(0, CliRun.In(project.Directory, "render", "--stack", "long", "--out", Out("again")).ExitCode);
        Assert.True(File.Exists(Path.Combine(Out("again"), file)), "the name must be stable");
    }

    [Fact]
    public void Render_swaps_the_whole_folder_in_and_leaves_no_staging_folder_behind()
    {
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("swap")).ExitCode);
        Assert.Equal(0, CliRun.In(RepoPaths.Root, "render", "--stack", "dev", "--out", Out("swap")).ExitCode);
        Assert.Equal(["swap"], Entries());
        Assert.True(File.Exists(Path.Combine(Out("swap"), ".alp-render")));
    }

    [Fact]
    public void Render_of_an_invalid_stack_writes_nothing()
    {
        using var project = new ScratchProject();
        project.WriteStack("bad", "config:\n  calico-alp:mode: sideways\n");
        var run = CliRun.In(project.Directory, "render", "--stack", "bad", "--out", Out("bad"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing was written", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out("bad")));
    }

    [Fact]
    public void No_secret_ever_reaches_the_rendered_files()
    {
        using var project = new ScratchProject();
        project.WriteStack("s", "config:\n  calico-alp:environment: non-production\n  calico-alp:registryUsername: ci\n  calico-alp:registryPassword:\n    secure: v1:U0VDUkVUQ0lQSEVS\n");
        Assert.Equal(0, CliRun.In(project.Directory, "render", "--stack", "s", "--out", Out("s")).ExitCode);
        Assert.All(Files(Out("s")).Values, content => Assert.DoesNotContain("U0VDUkVUQ0lQSEVS", content, StringComparison.Ordinal));
    }

    [Fact]
    public void Graph_prints_a_mermaid_flowchart_with_every_item_and_dependency()
    {
        var run = CliRun.In(RepoPaths.Root, "graph", "--stack", "dev");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("flowchart TD", run.Stdout, StringComparison.Ordinal);
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "CalicoAlp.Manifests.Tests", "Golden", "dev", "plan.json")))!;
        var items = plan["items"]!.AsArray();
        var edges = items.Sum(i => i!["dependencies"]!.AsArray().Count);
        Assert.Equal(items.Count, run.Stdout.Split('\n').Count(l => l.StartsWith("    n", StringComparison.Ordinal)));
        Assert.Equal(edges, run.Stdout.Split('\n').Count(l => l.Contains(" --> ", StringComparison.Ordinal)));
    }
}
