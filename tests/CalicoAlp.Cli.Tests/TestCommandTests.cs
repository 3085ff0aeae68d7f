using System.Diagnostics;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Cli.Tests;

/// <summary>
/// The test command's restore phase, with a stand-in `dotnet` on PATH that answers restore the way
/// a NuGet source without the Pulumi packages would. The stand-in ends the run at the second
/// restore, so nothing else of the test command runs.
/// </summary>
public sealed class TestCommandTests
{
    private const string Nu1101 = "error NU1101: Unable to find package Pulumi.Kubernetes. No packages exist with this id in source(s): nuget.org";
    private const string Nu1102 = "error NU1102: Unable to find package Pulumi with version (>= 3.112.1)";

    [Fact]
    public void Unknown_pulumi_ids_with_the_opt_in_skip_the_pulumi_projects_loudly()
    {
        var run = Run(Nu1101, optIn: true);
        var banner = run.Output.Split('\n').Single(l => l.Contains("SKIPPED (not built, not tested): ", StringComparison.Ordinal));
        var skipped = banner[(banner.IndexOf("tested): ", StringComparison.Ordinal) + "tested): ".Length)..].Split(", ").Order(StringComparer.Ordinal);
        Assert.Equal(["CalicoAlp.Bench", "CalicoAlp.Components", "CalicoAlp.Components.Tests", "CalicoAlp.Examples.Tests", "CalicoAlp.Provider", "Infra", "PlatformExample"], skipped);
        Assert.Contains("stand-in: restore Infra.PulumiFree.slnf", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_pulumi_ids_without_the_opt_in_fail()
    {
        var run = Run(Nu1101, optIn: false);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("set ALP_ALLOW_PULUMI_SKIP=1", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SKIPPED", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Nu1102)]
    [InlineData("error NU1301: Unable to load the service index for source https://api.nuget.org/v3/index.json.")]
    [InlineData(Nu1101 + "\nerror NU1101: Unable to find package YamlDotNet. No packages exist with this id in source(s): nuget.org")]
    public void A_missing_version_or_any_other_restore_error_fails_even_with_the_opt_in(string restoreErrors)
    {
        var run = Run(restoreErrors, optIn: true);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("restore failed, and not only because the Pulumi package ids are unknown", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SKIPPED", run.Output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) Run(string restoreErrors, bool optIn)
    {
        var bin = Directory.CreateTempSubdirectory("alp-stub-dotnet-");
        try
        {
            var errors = Path.Combine(bin.FullName, "restore-errors.txt");
            File.WriteAllText(errors, restoreErrors + "\n");
            var stub = Path.Combine(bin.FullName, "dotnet");
            File.WriteAllText(stub, $$"""
                #!/usr/bin/env bash
                case "$1 $2" in
                  "restore Infra.sln") cat '{{errors}}'; exit 1 ;;
                  "restore Infra.PulumiFree.slnf") echo "stand-in: restore Infra.PulumiFree.slnf"; exit 3 ;;
                  "sln Infra.sln") exec '{{RealDotnet()}}' "$@" ;;
                  *) echo "stand-in: unexpected dotnet $*"; exit 4 ;;
                esac
                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var start = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "build", "test.sh")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepoPaths.Root,
            };
            start.Environment["PATH"] = bin.FullName + ":" + Environment.GetEnvironmentVariable("PATH");
            start.Environment["ALP_ALLOW_PULUMI_SKIP"] = optIn ? "1" : null;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000), "the test command did not stop");
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    private static string RealDotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : Environment.ProcessPath!;
}
