using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.Manifests.Tests;

/// <summary>The committed stacks plus variants that reach the branches the committed ones do not.</summary>
internal static class TestStacks
{
    public static readonly string[] Names = ["dev", "prod", "crd-v1", "calico-node-env", "revisioned-istio-1.23", "enterprise", "alp-off"];

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names)
        {
            data.Add(name);
        }

        return data;
    }

    public static StackSettings Settings(string name) => name switch
    {
        "dev" or "prod" => Ok(StackLoader.FromFiles(RepoPaths.Root, name)),
        "crd-v1" => Raw(("calicoApiGroup", "crd.projectcalico.org/v1"),
            ("namespaces", """[{"name":"shop","ownership":"create","enrolment":"workloads","workloads":["cart"],"egress":"restricted","mtlsMode":"STRICT"}]""")),
        "calico-node-env" => Raw(("calicoInstallType", "manifest"), ("policySyncMethod", "calicoNodeEnv"), ("retainPolicySyncOnDestroy", "true"),
            ("namespaces", """[{"name":"shop","enrolment":"namespace","workloads":["cart"]}]""")),
        "revisioned-istio-1.23" => Raw(("istioVersion", "1.23.6"), ("kubernetesVersion", "1.30"), ("calicoVersion", "v3.29.3"), ("istioRevision", "canary"),
            ("istioSystemNamespace", "existing"), ("imageSource", "prebuilt"), ("imageRegistry", "registry.example.com/alp"),
            ("dikastesImageDigest", "sha256:" + new string('c', 64)), ("proxyImageDigest", "sha256:" + new string('d', 64)),
            ("namespaces", """[{"name":"shop","enrolment":"workloads","workloads":["cart","checkout"],"egress":"restricted","mtlsMode":"PERMISSIVE"}]""")),
        "alp-off" => Raw(("applicationLayerPolicy", "false"),
            ("namespaces", """[{"name":"shop","ownership":"create","enrolment":"workloads","workloads":["cart"],"egress":"restricted","mtlsMode":"PERMISSIVE"}]""")),
        "enterprise" => Raw(("mode", "enterprise"), ("calicoVersion", "v3.20.7"),
            ("namespaces", """[{"name":"trading","ownership":"create","enrolment":"workloads","workloads":["quotes"]},{"name":"risk","workloads":["engine"]}]""")),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static Plan Plan(string name) => PlanBuilder.Build(Settings(name));

    public static StackSettings Raw(params (string Key, string Value)[] values)
    {
        var merged = new Dictionary<string, RawValue>(StringComparer.Ordinal)
        {
            [ConfigCatalog.Qualified("environment")] = new("non-production"),
        };
        foreach (var (key, value) in values)
        {
            merged[ConfigCatalog.Qualified(key)] = new RawValue(value);
        }

        return Ok(SettingsLoader.Load(RawConfig.Create("variant", merged)));
    }

    private static StackSettings Ok(LoadResult result) =>
        result.Settings ?? throw new InvalidOperationException(string.Join("\n", result.Errors));
}
