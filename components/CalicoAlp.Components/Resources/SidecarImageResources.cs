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

    /// <summary>
    /// The item's body from the Plan with the built references in, as an Output; null when no
    /// built reference changes it.
    /// </summary>
    public static Output<JsonObject>? ResolvedBody(PlanItem item, ResourceContext context)
    {
        if (!context.Built.AffectedIds.Contains(item.Id))
        {
            return null;
        }

        var resolved = context.Built.Resolved
            ?? throw new InvalidOperationException($"{item.Id} uses a built image but comes before the builds in the Plan");
        return resolved.Apply(plan => plan.Item(item.Id).Body());
    }

    /// <summary>
    /// <paramref name="built"/> with the Plan built again from <paramref name="refs"/> once they
    /// hold every build of the Plan; unchanged while a build is still to come.
    /// </summary>
    public static BuiltPlan Resolve(BuiltPlan built, Plan plan, ImmutableSortedDictionary<string, Output<string>> refs)
    {
        if (refs.Count < plan.BuiltImages.Count)
        {
            return built;
        }

        var names = refs.Keys.ToArray();
        return built with
        {
            Resolved = Output.All(refs.Values).Apply(values =>
                BuiltImages.Resolve(plan, names.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))),
        };
    }

    /// <summary>Repository paths, relative to the program folder (infra/), where `pulumi up` runs.</summary>
    private static string ProgramRelative(string repositoryPath)
    {
        var root = StackLoader.FindProjectDirectory(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("Pulumi.yaml not found above the program folder");
        return Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(root, repositoryPath)).Replace('\\', '/');
    }
}
