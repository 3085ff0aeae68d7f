using System.Reflection;
using CalicoAlp.Components.Configuration;
using CalicoAlp.Stacks.Config;
using Pulumi;
using Pulumi.Experimental.Provider;

namespace CalicoAlp.Components.Provider;

/// <summary>
/// Serves <see cref="ApplicationLayerPolicy"/> to every Pulumi language: <c>pulumi package add</c>
/// reads its schema and generates the SDKs, and each program's component is built here by
/// Construct. The schema is the SDK's inference from the args types, completed by
/// <see cref="ProviderSchema"/>; Construct judges the inputs before the SDK turns them into args.
/// </summary>
public sealed class AlpComponentProvider : ComponentProvider
{
    public AlpComponentProvider()
        : base(typeof(ApplicationLayerPolicy).Assembly, Package, [typeof(ApplicationLayerPolicy)])
    {
    }

    /// <summary>The package: named as the config namespace, so that the type token is the component's own.</summary>
    public static Metadata Package { get; } = new(ConfigCatalog.ProjectName, ConfigCatalog.ProjectName, Version, "Calico application layer policy");

    /// <summary>The component library's version, as three numbers.</summary>
    public static string Version => typeof(ApplicationLayerPolicy).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    /// <summary>What the provider executable runs: serve until the engine disconnects.</summary>
    public static Task Serve(string[] args) =>
        Pulumi.Experimental.Provider.Provider.Serve(args, Version, _ => new AlpComponentProvider(), CancellationToken.None);

    public override async Task<GetSchemaResponse> GetSchema(GetSchemaRequest request, CancellationToken ct)
    {
        var inferred = await base.GetSchema(request, ct).ConfigureAwait(false);
        return new GetSchemaResponse { Schema = ProviderSchema.Complete(inferred.Schema) };
    }

    /// <summary>
    /// The SDK would build the args first, and report a bad value only as a failed constructor
    /// call; judged here, it fails with the loader's key-path messages, and nothing is registered.
    /// </summary>
    public override Task<ConstructResponse> Construct(ConstructRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Type == ApplicationLayerPolicy.Type)
        {
            var loaded = ComponentSettings.Load(Deployment.Instance.StackName, request.Inputs);
            if (!loaded.Ok)
            {
                throw new ArgumentException(ComponentSettings.Refusal($"{ApplicationLayerPolicy.Type} '{request.Name}'", loaded.Errors));
            }
        }

        return base.Construct(request, ct);
    }
}
