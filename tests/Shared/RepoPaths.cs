namespace CalicoAlp.Tests.Support;

/// <summary>Where the repository, its stack files and the shared upstream schemas are.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The repository's copy of the upstream schemas (tests/schemas), so CI anywhere can validate.</summary>
    public static string Schemas
    {
        get
        {
            var path = Path.Combine(Root, "tests", "schemas");
            return Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"the upstream schemas are expected at {path}");
        }
    }

    /// <summary>The shared/ folder beside the repository, where the schemas come from; absent outside this workplace.</summary>
    public static string SharedSchemas => Path.GetFullPath(Path.Combine(Root, "..", "shared", "schemas"));

    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Infra.sln not found above the test output folder");
    }
}

/// <summary>A scratch project folder: the real Pulumi.yaml plus whatever stack files a test writes.</summary>
internal sealed class ScratchProject : IDisposable
{
    public ScratchProject()
    {
        Directory = Path.Combine(Path.GetTempPath(), "alp-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        File.Copy(Path.Combine(RepoPaths.Root, "Pulumi.yaml"), Path.Combine(Directory, "Pulumi.yaml"));
    }

    public string Directory { get; }

    public string WriteStack(string stack, string text)
    {
        var path = Path.Combine(Directory, $"Pulumi.{stack}.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
