using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CalicoAlp.ApiServer.Tests.Cluster;
using CalicoAlp.Tests.Support;
using k8s;

namespace CalicoAlp.ApiServer.Tests.Envtest;

/// <summary>
/// One control plane for the whole tier, with the vendored CRDs installed: Calico (both API
/// groups) and Istio of the newest lines, and the Tigera operator's. Where the binaries are
/// missing, <see cref="SkipReason"/> says why and every test of the tier reports itself skipped.
/// The tier's figures go to apiserver-tier.txt beside the test assembly; the test command prints them.
/// </summary>
public sealed class ApiServerTier : IAsyncLifetime
{
    /// <summary>The CRD sets installed: the newest lines, which every stack's objects must also pass.</summary>
    public static readonly string[] CrdSets = ["calico/v3.33", "istio/1.31", "tigera-operator/v1.42.4"];

    /// <summary>The field manager Istio's CRDs are applied with: Pulumi's provider, as a stack's base chart would have.</summary>
    public const string IstioBaseManager = "pulumi-kubernetes-istio-base";

    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private ControlPlane? _plane;
    private string _startFigures = string.Empty;

    public string? SkipReason { get; private set; }

    public ControlPlane Plane => _plane ?? throw new InvalidOperationException("the control plane did not start");

    public ClusterApi Api { get; private set; } = null!;

    public EnvtestAssets? Assets { get; private set; }

    /// <summary>Set to 1 where the tier must run (GitHub's ci.yml): missing binaries fail every test instead of skipping it.</summary>
    public const string RequireVariable = "ALP_REQUIRE_APISERVER";

    public static string ReportPath => Path.Combine(AppContext.BaseDirectory, "apiserver-tier.txt");

    public async Task InitializeAsync()
    {
        var (assets, reason) = EnvtestAssets.Find();
        if (assets is null)
        {
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                throw new InvalidOperationException($"{RequireVariable}=1 and the API-server tier cannot run: {reason}");
            }

            SkipReason = reason;
            await File.WriteAllTextAsync(ReportPath, $"skipped: {reason}\n").ConfigureAwait(false);
            return;
        }

        Assets = assets;
        _plane = await ControlPlane.StartAsync(assets).ConfigureAwait(false);
        var startUp = _plane.StartUp;
        var kinds = new KindCatalog();
        Api = new ClusterApi(_plane.Client(), new CalicoAlp.Doctor.Kube.KubeApi(_plane.Configuration()), kinds);
        var installed = Stopwatch.StartNew();
        var crds = CrdSets
            .SelectMany(set => Directory.GetFiles(Path.Combine(RepoPaths.Schemas, set), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            .SelectMany(file => YamlJson.Documents(File.ReadAllText(file)).OfType<JsonObject>())
            .Where(doc => doc["kind"]?.GetValue<string>() == "CustomResourceDefinition")
            .ToList();
        foreach (var crd in crds)
        {
            // Istio's CRDs stand for what a stack's base chart applied (doctor tells a stack's CRDs by Pulumi's field manager).
            var manager = crd["spec"]!["group"]!.GetValue<string>().EndsWith(".istio.io", StringComparison.Ordinal) ? IstioBaseManager : "envtest";
            await Api.Client.ApiextensionsV1.PatchCustomResourceDefinitionAsync(
                new k8s.Models.V1Patch(crd.ToJsonString(), k8s.Models.V1Patch.PatchType.ApplyPatch),
                crd["metadata"]!["name"]!.GetValue<string>(), fieldManager: manager, force: true).ConfigureAwait(false);
            kinds.AddCrd(crd);
        }

        await WaitEstablishedAsync(crds.Select(c => c["metadata"]!["name"]!.GetValue<string>())).ConfigureAwait(false);
        var (apiServerMiB, etcdMiB) = _plane.ResidentMiB();
        _startFigures = string.Create(CultureInfo.InvariantCulture,
            $"kube-apiserver {assets.Version} from {assets.Folder}: ready in {startUp.TotalSeconds:F1} s, {crds.Count} CRDs established in {installed.Elapsed.TotalSeconds:F1} s; resident memory kube-apiserver {apiServerMiB?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} MiB, etcd {etcdMiB?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} MiB");
    }

    public async Task DisposeAsync()
    {
        if (_plane is null)
        {
            return;
        }

        var (apiServerMiB, _) = _plane.ResidentMiB();
        _plane.Dispose();
        await File.WriteAllTextAsync(ReportPath, string.Create(CultureInfo.InvariantCulture,
            $"{_startFigures}; kube-apiserver at the end {apiServerMiB?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} MiB; tier wall time {_wall.Elapsed.TotalSeconds:F1} s\n")).ConfigureAwait(false);
    }

    /// <summary>
    /// A test of one stack: the objects that exist before it, then <paramref name="test"/> with the
    /// stack's run; afterwards whatever the stack left and those objects go, whatever happened.
    /// </summary>
    public async Task WithStackAsync(string stack, Func<StackRun, PreexistingObjects, Task> test)
    {
        Skip.If(SkipReason is not null, SkipReason);
        var settings = TestStacks.Settings(stack);
        var plan = CalicoAlp.Manifests.Planning.PlanBuilder.Build(settings);
        var before = new PreexistingObjects(Api, plan);
        var run = new StackRun(Api, plan, settings.StackName, settings.FieldManager);
        await before.CreateAsync().ConfigureAwait(false);
        try
        {
            await test(run, before).ConfigureAwait(false);
        }
        finally
        {
            await run.CleanUpAsync().ConfigureAwait(false);
            await before.RemoveAsync().ConfigureAwait(false);
        }
    }

    /// <summary>`alp doctor --stack dev --context envtest` against this server, in this process as a user runs it: a kubeconfig for the server as KUBECONFIG.</summary>
    public (int Code, string Stdout) Doctor() => Alp(RepoPaths.Root, "doctor", "--stack", "dev", "--context", "envtest");

    /// <summary>alp in this process, in <paramref name="workingDirectory"/>, with a kubeconfig for this server (context envtest) as KUBECONFIG.</summary>
    public (int Code, string Stdout) Alp(string workingDirectory, params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("alp-apiserver-doctor-").FullName;
        var saved = Environment.GetEnvironmentVariable("KUBECONFIG");
        try
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", Plane.WriteKubeconfig(Path.Combine(folder, "config")));
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = CalicoAlp.Cli.AlpCommand.Run(args, stdout, stderr, workingDirectory);
            Assert.Equal(string.Empty, stderr.ToString());
            return (code, stdout.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", saved);
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task WaitEstablishedAsync(IEnumerable<string> names)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var name in names)
        {
            while (true)
            {
                var crd = await Api.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name, cancellationToken: deadline.Token).ConfigureAwait(false);
                if (crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
                {
                    break;
                }

                await Task.Delay(50, deadline.Token).ConfigureAwait(false);
            }
        }

        // Established is the CRD's word; the discovery that routes requests to it can lag a moment.
        foreach (var route in Api.Kinds.NamespacedKinds.Where(r => r.Group != "apps").Take(1))
        {
            while (true)
            {
                try
                {
                    await Api.Client.CustomObjects.ListNamespacedCustomObjectAsync(route.Group, route.Version, "default", route.Plural, cancellationToken: deadline.Token).ConfigureAwait(false);
                    break;
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    await Task.Delay(50, deadline.Token).ConfigureAwait(false);
                }
            }
        }
    }
}

/// <summary>Every test of the tier shares the one control plane, one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ApiServerGroup : ICollectionFixture<ApiServerTier>
{
    public const string Name = "apiserver";
}
