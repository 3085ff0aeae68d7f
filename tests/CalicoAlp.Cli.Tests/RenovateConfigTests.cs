using System.Text.Json;
using System.Text.RegularExpressions;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Cli.Tests;

/// <summary>Renovate bumps every pin from one config: each regex must find its pin, and each dependency one version.</summary>
public sealed class RenovateConfigTests
{
    [Fact]
    public void Every_custom_manager_finds_its_pin_in_every_file_it_names_and_they_agree()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "renovate.json")));
        var files = Directory.GetFiles(RepoPaths.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.StartsWith(".git/", StringComparison.Ordinal))
            .ToList();

        foreach (var manager in config.RootElement.GetProperty("customManagers").EnumerateArray())
        {
            var dep = manager.GetProperty("depNameTemplate").GetString();
            var patterns = manager.GetProperty("matchStrings").EnumerateArray().Select(p => new Regex(p.GetString()!)).ToList();
            var versions = new HashSet<string>(StringComparer.Ordinal);
            // managerFilePatterns (fileMatch is deprecated): a /regex/ each.
            foreach (var fileMatch in manager.GetProperty("managerFilePatterns").EnumerateArray().Select(f => new Regex(f.GetString()!.Trim('/'))))
            {
                var matched = files.Where(f => fileMatch.IsMatch(f)).ToList();
                Assert.True(matched.Count > 0, $"{dep}: no file matches {fileMatch}");
                foreach (var file in matched.Where(f => !f.StartsWith("tests/", StringComparison.Ordinal)))
                {
                    var text = File.ReadAllText(Path.Combine(RepoPaths.Root, file));
                    var found = patterns.SelectMany(p => p.Matches(text)).Select(m => m.Groups["currentValue"].Value).ToList();
                    Assert.True(found.Count > 0, $"{dep}: no pin found in {file}");
                    versions.UnionWith(found);
                }
            }

            Assert.True(versions.Count == 1, $"{dep}: pins disagree: {string.Join(", ", versions)}");
        }
    }

    [Fact]
    public void No_manager_uses_the_deprecated_file_match_and_the_demo_app_images_are_tracked()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "renovate.json"));
        Assert.DoesNotContain("\"fileMatch\"", text, StringComparison.Ordinal);
        using var config = JsonDocument.Parse(text);
        var demo = config.RootElement.GetProperty("kubernetes").GetProperty("managerFilePatterns").EnumerateArray().Select(p => new Regex(p.GetString()!.Trim('/')));
        Assert.Contains(demo, p => p.IsMatch("scripts/demo-app.yaml"));
        var tools = config.RootElement.GetProperty("customManagers").EnumerateArray().Select(m => m.GetProperty("depNameTemplate").GetString()).ToList();
        Assert.Contains("kubernetes-sigs/kind", tools);
        Assert.Contains("kubernetes/kubernetes", tools);
        Assert.Contains("kindest/node", tools);
        Assert.Contains("pulumi/pulumi", tools);
    }
}
