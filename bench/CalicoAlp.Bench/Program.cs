using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalicoAlp.Bench;
using CalicoAlp.Infra;
using CalicoAlp.Stacks.Files;
using CalicoAlp.Stacks.Loading;

// For build/bench.sh, in this process:
//   alp-bench mock-run PROJECT_DIR STACK_FILE       one whole run of the real program under Pulumi's mocks:
//                                                   registrations, elapsed milliseconds, peak working set
//   alp-bench render-phases PROJECT_DIR STACK_FILE  where `alp render`'s time goes: load, plan, files
if (args is ["render-phases", var phasesProject, var phasesStack])
{
    return RenderPhases.Run(phasesProject, phasesStack);
}

if (args is not ["mock-run", var projectDir, var stackFile])
{
    Console.Error.WriteLine("usage: alp-bench mock-run|render-phases PROJECT_DIR STACK_FILE");
    return 1;
}

var clock = Stopwatch.StartNew();
var stack = Path.GetFileNameWithoutExtension(stackFile)["Pulumi.".Length..];
var files = StackFileReader.Read(Path.Combine(projectDir, StackLoader.ProjectFileName), stackFile, stack);
if (!files.Ok)
{
    Console.Error.WriteLine(string.Join("\n", files.Errors));
    return 2;
}

var config = new JsonObject();
foreach (var (key, value) in files.Config!.Values)
{
    config[key] = value.Text;
}

Environment.SetEnvironmentVariable(EngineConfig.ConfigVariable, config.ToJsonString());
Environment.SetEnvironmentVariable(EngineConfig.SecretKeysVariable, "[]");
var mocks = new EchoMocks();
await Pulumi.Deployment.TestAsync(mocks, new Pulumi.Testing.TestOptions { ProjectName = "calico-alp", StackName = stack, IsPreview = false }, AlpProgram.RunAsync);
clock.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{stack}: {mocks.Count} registrations in {clock.ElapsedMilliseconds} ms, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB"));
return 0;
