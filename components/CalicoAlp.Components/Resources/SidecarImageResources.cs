using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.SidecarImages;
using CalicoAlp.Stacks.Loading;
using Pulumi;
using Pulumi.DockerBuild;
using Pulumi.DockerBuild.Inputs;

namespace CalicoAlp.Components.Resources;

/// <summary>Image builds, and the substitution of their references into the items that use them.</summary>
public static class SidecarImageResources
{
    private static readonly ImmutableDictionary<string, Platform> Platforms = new Dictionary<string, Platform>
    {
        ["linux/amd64"] = Platform.Linux_amd64,
        ["linux/arm64"] = Platform.Linux_arm64,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static Image CreateImage(PlanItem item, Resource parent, ResourceContext context)
    {
        var spec = item.Body();
        var cacheRef = spec["cacheRef"]!.GetValue<string>();
        var args = new ImageArgs
        {
            Push = spec["push"]!.GetValue<bool>(),
            Context = new BuildContextArgs { Location = ProgramRelative(spec["context"]!.GetValue<string>()) },
            Dockerfile = new DockerfileArgs { Location = ProgramRelative(spec["dockerfile"]!.GetValue<string>()) },
            BuildArgs = PlanInputs.StringMap(spec["buildArgs"]),
            Platforms = spec["platforms"]!.AsArray().Select(p => Platforms[p!.GetValue<string>()]).ToArray(),
            Tags = spec["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray(),
            BuildOnPreview = spec["buildOnPreview"]!.GetValue<bool>(),
            CacheFrom = { new CacheFromArgs { Registry = new CacheFromRegistryArgs { Ref = cacheRef } } },
            CacheTo = { new CacheToArgs { Registry = new CacheToRegistryArgs { Ref = cacheRef, Mode = CacheMode.Max } } },
        };
        if (context.Credentials is { } credentials)
        {
            var login = new RegistryArgs
            {
                Address = spec["registryAddress"]!.GetValue<string>(),
                Username = credentials.Username,
            };
            if (credentials.Password is { } password)
            {
                login.Password = password;
            }

            args.Registries = new[] { login };
        }

        return new Image(context.ResourceName(item), args, (CustomResourceOptions)PlanResources.OptionsFor(item, parent, context));
    }

    /// <summary>The item's body with the built references in, as an Output; null when the item mentions no build.</summary>
    public static Output<JsonObject>? ResolvedBody(PlanItem item, ResourceContext context)
    {
        if (!BuiltImages.NeedsResolution(context.Plan, item))
        {
            return null;
        }

        var names = context.BuiltRefs.Keys.ToArray();
        return Output.All(context.BuiltRefs.Values.ToArray()).Apply(refs =>
            BuiltImages.Resolve(context.Plan, item, names.Zip(refs).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)));
    }

    /// <summary>Repository paths, relative to the program folder (infra/), where `pulumi up` runs.</summary>
    private static string ProgramRelative(string repositoryPath)
    {
        var root = StackLoader.FindProjectDirectory(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("Pulumi.yaml not found above the program folder");
        return Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(root, repositoryPath)).Replace('\\', '/');
    }
}
