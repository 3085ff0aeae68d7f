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
        var spec = item.ImageBuild();
        var args = new ImageArgs
        {
            Push = spec.Push,
            Context = new BuildContextArgs { Location = ProgramRelative(spec.Context) },
            Dockerfile = new DockerfileArgs { Location = ProgramRelative(spec.Dockerfile) },
            BuildArgs = spec.BuildArgs.ToImmutableDictionary(),
            Platforms = spec.Platforms.Select(p => Platforms[p]).ToArray(),
            Tags = spec.Tags.ToArray(),
            BuildOnPreview = spec.BuildOnPreview,
            // The provider builds two platforms with a registry cache only through a BuildKit builder.
            Builder = new BuilderConfigArgs { Name = spec.Builder },
            CacheFrom = { new CacheFromArgs { Registry = new CacheFromRegistryArgs { Ref = spec.CacheRef } } },
            CacheTo = { new CacheToArgs { Registry = new CacheToRegistryArgs { Ref = spec.CacheRef, Mode = CacheMode.Max } } },
        };
        if (context.Credentials is { } credentials)
        {
            var login = new RegistryArgs
            {
                Address = spec.RegistryAddress,
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
