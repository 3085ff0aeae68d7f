using System.Diagnostics;
using System.Globalization;
using CalicoAlp.Manifests.Output;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Loading;

namespace CalicoAlp.Bench;

/// <summary>The phases of `alp render` without the disk: which one a speed-up has to come from.</summary>
internal static class RenderPhases
{
    public static int Run(string projectDir, string stackFile)
    {
        var stack = Path.GetFileNameWithoutExtension(stackFile)["Pulumi.".Length..];
        var clock = Stopwatch.StartNew();
        var loaded = StackLoader.FromFiles(projectDir, stack, stackFile);
        var load = clock.ElapsedMilliseconds;
        if (!loaded.Ok)
        {
            Console.Error.WriteLine(string.Join("\n", loaded.Errors));
            return 2;
        }

        var plan = PlanBuilder.Build(loaded.Settings!);
        var built = clock.ElapsedMilliseconds;
        var files = PlanFiles.Render(plan);
        var rendered = clock.ElapsedMilliseconds;
        var bytes = files.Sum(f => (long)f.Content.Length);
        clock.Restart();
        _ = PlanFiles.PlanJsonText(plan);
        var planJson = clock.ElapsedMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{stack}: load {load} ms, plan {built - load} ms ({plan.Items.Length} items), files {rendered - built} ms ({files.Length} files, {bytes / 1024} KiB, plan.json alone again {planJson} ms)"));
        return 0;
    }
}
