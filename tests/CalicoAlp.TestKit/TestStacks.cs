using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Tests.Support;

namespace CalicoAlp.TestKit;

/// <summary>The committed stacks plus variants that reach the branches the committed ones do not.</summary>
public static class TestStacks
{
    public static readonly string[] Names = ["dev", "prod", "crd-v1", "calico-node-env", "revisioned-istio-1.23", "enterprise", "alp-off", "enterprise-example", "enterprise-example-crd-v1", "build", "openshift-dns", "upgrade-step3", "migrate-step2", "beside"];

    /// <summary>The variants a predicate holds for, so a theory never runs a row that would return early.</summary>
    public static TheoryData<string> Where(Func<StackSettings, bool> predicate)
    {
        var data = new TheoryData<string>();
        foreach (var name in Names.Where(n => predicate(Settings(n))))
        {
            data.Add(name);
        }

        return data;
    }

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
            ("namespaces", """[{"name":"shop","ownership":"create","enrolment":"workloads","workloads":["cart"],"egress":"restricted","mtlsMode":"STRICT"}]"""),
            ("httpPolicies", """[{"name":"shop-read","namespace":"shop","selector":"app == 'cart'","order":10,"ingress":[{"action":"Allow","protocol":"TCP","source":{"serviceAccounts":{"names":["web"],"selector":"team == 'a'"}},"destination":{"ports":[8080]},"http":{"methods":["GET"],"paths":[{"exact":"/cart"},{"prefix":"/items/"}]}}]},{"name":"gnp","kind":"GlobalNetworkPolicy","namespaceSelector":"team == 'a'","selector":"all()","ingress":[{"action":"Allow","http":{"methods":["GET"]}}],"egress":[{"action":"Allow"}]}]""")),
        "enterprise-example" => Example(),
        // Two Istio revisions side by side with two tags, mid-upgrade (examples/upgrade).
        "upgrade-step3" => Ok(StackLoader.FromFiles(RepoPaths.Root, "upgrade", Path.Combine(RepoPaths.Root, "examples", "upgrade", "Pulumi.step3.yaml"))),
        // The revision-less istiod kept beside a revision, its injector off and tag default on the new one (examples/migrate).
        "migrate-step2" => Ok(StackLoader.FromFiles(RepoPaths.Root, "migrate", Path.Combine(RepoPaths.Root, "examples", "migrate", "Pulumi.step2.yaml"))),
        // A revision of the stack's own beside an Istio it did not create: no base chart (examples/beside).
        "beside" => Ok(StackLoader.FromFiles(RepoPaths.Root, "beside", Path.Combine(RepoPaths.Root, "examples", "beside", "Pulumi.beside.yaml"))),
        "enterprise-example-crd-v1" => Example(("calicoApiGroup", "crd.projectcalico.org/v1")),
        "calico-node-env" => Raw(("calicoInstallType", "manifest"), ("policySyncMethod", "calicoNodeEnv"), ("retainPolicySyncOnDestroy", "true"),
            ("namespaces", """[{"name":"shop","enrolment":"namespace","workloads":["cart"]}]""")),
        "revisioned-istio-1.23" => Raw(("istioVersion", "1.23.6"), ("kubernetesVersion", "1.30"), ("calicoVersion", "v3.29.3"), ("istioRevision", "canary"),
            ("istioSystemNamespace", "existing"), ("imageSource", "prebuilt"), ("imageRegistry", "registry.example.com/alp"),
            ("dikastesImageDigest", "v3.29.3-r1@sha256:" + new string('c', 64)), ("proxyImageDigest", "1.23.6-r1@sha256:" + new string('d', 64)),
            ("namespaces", """[{"name":"shop","enrolment":"workloads","workloads":["cart","checkout"],"egress":"restricted","mtlsMode":"PERMISSIVE"}]""")),
        "alp-off" => Raw(("applicationLayerPolicy", "false"),
            ("namespaces", """[{"name":"shop","ownership":"create","enrolment":"workloads","workloads":["cart"],"egress":"restricted","mtlsMode":"PERMISSIVE"}]""")),
        "enterprise" => Raw(("mode", "enterprise"), ("calicoVersion", "v3.20.7"),
            ("namespaces", """[{"name":"trading","ownership":"create","enrolment":"workloads","workloads":["quotes"]},{"name":"risk","workloads":["engine"]}]""")),
        "build" => Raw(("imageSource", "build"), ("imageRegistry", "registry.example.com/alp"), ("imageBuilder", "calico-alp"),
            ("istiodImageDigest", "1.31.0@sha256:" + new string('e', 64)),
            ("namespaces", """[{"name":"shop","enrolment":"workloads","workloads":["cart"],"egress":"restricted"}]""")),
        "openshift-dns" => Raw(("dnsEgress", """{"selector":"dns.operator.openshift.io/daemonset-dns == 'default'","namespace":"openshift-dns","ports":[5353],"nets":["169.254.20.10/32","fd00::a/128"]}"""),
            ("namespaces", """[{"name":"shop","enrolment":"workloads","workloads":["cart"],"egress":"restricted"}]""")),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>examples/Pulumi.enterprise.yaml, read as `alp check --stack-file` reads it, with optional overrides.</summary>
    private static StackSettings Example(params (string Key, string Value)[] overrides)
    {
        var files = CalicoAlp.Stacks.Files.StackFileReader.Read(Path.Combine(RepoPaths.Root, "Pulumi.yaml"),
            Path.Combine(RepoPaths.Root, "examples", "Pulumi.enterprise.yaml"), "enterprise");
        var values = files.Config!.Values.ToDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            values[ConfigCatalog.Qualified(key)] = new RawValue(value);
        }

        return Ok(SettingsLoader.Load(RawConfig.Create("enterprise", values)));
    }

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
