using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.ApiServer.Tests.Cluster;

/// <summary>
/// The cluster as a platform team has it before the stack, derived from the plan: every namespace
/// the plan uses but does not create, every object it patches (FelixConfiguration default with a
/// field of the operator's, the enrolled Deployments), all applied by another field manager.
/// Deployments in a namespace the stack creates cannot exist before it; the app team deploys
/// them once the namespace is there (<see cref="AfterAsync"/>).
/// </summary>
public sealed class PreexistingObjects
{
    public const string Manager = "platform-team";

    /// <summary>Namespaces the server itself keeps (and refuses to delete).</summary>
    private static readonly HashSet<string> SystemNamespaces = new(StringComparer.Ordinal) { "default", "kube-system", "kube-public", "kube-node-lease" };

    private readonly ClusterApi _api;
    private readonly HashSet<string> _created;

    public PreexistingObjects(ClusterApi api, Plan plan)
    {
        _api = api;
        var objects = plan.Items.Where(i => i.ItemKind == ItemKind.KubernetesObject).ToList();
        _created = objects.Where(i => i.Kind == "Namespace" && i.Ownership == Ownership.Owned).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        Namespaces = [.. objects.Select(i => i.Kind == "Namespace" ? i.Name : i.Namespace).OfType<string>()
            .Where(n => !_created.Contains(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Patched = [.. objects.Where(i => i.Ownership == Ownership.Patch && i.Kind != "Namespace").Select(Existing)];
    }

    /// <summary>The namespaces that exist before the stack.</summary>
    public IReadOnlyList<string> Namespaces { get; }

    /// <summary>The objects the stack patches (namespaces aside), as the platform or app team applies them.</summary>
    public IReadOnlyList<JsonObject> Patched { get; }

    /// <summary>Of <see cref="Patched"/>, those that exist before the stack: not in a namespace the stack creates.</summary>
    public IEnumerable<JsonObject> BeforeTheStack => Patched.Where(o => !_created.Contains(o["metadata"]?["namespace"]?.GetValue<string>() ?? string.Empty));

    /// <summary>Whether the stack creates the namespace <paramref name="obj"/> lives in (and deletes it, with what it holds, on destroy).</summary>
    public bool InCreatedNamespace(JsonObject obj) => _created.Contains(obj["metadata"]?["namespace"]?.GetValue<string>() ?? string.Empty);

    public async Task CreateAsync()
    {
        foreach (var ns in Namespaces)
        {
            await _api.ApplyAsync(Namespace(ns), Manager).ConfigureAwait(false);
        }

        foreach (var obj in BeforeTheStack)
        {
            await _api.ApplyAsync(obj, Manager).ConfigureAwait(false);
        }
    }

    /// <summary>After the stack applied <paramref name="item"/>: a namespace it created gets the app team's Deployments.</summary>
    public async Task AfterAsync(PlanItem item)
    {
        if (item.Kind != "Namespace" || item.Ownership != Ownership.Owned)
        {
            return;
        }

        foreach (var obj in Patched.Where(o => o["metadata"]?["namespace"]?.GetValue<string>() == item.Name))
        {
            await _api.ApplyAsync(obj, Manager).ConfigureAwait(false);
        }
    }

    /// <summary>Leaves the server as the tier found it: the namespaces (with what they hold) and the cluster-scoped objects go.</summary>
    public async Task RemoveAsync()
    {
        foreach (var ns in Namespaces.Concat(_created).Where(n => !SystemNamespaces.Contains(n)))
        {
            if (await _api.GetAsync(Namespace(ns)).ConfigureAwait(false) is not null)
            {
                await _api.DeleteNamespaceAsync(ns).ConfigureAwait(false);
            }
        }

        foreach (var obj in Patched.Where(o => o["metadata"]?["namespace"] is not JsonValue ns || SystemNamespaces.Contains(ns.GetValue<string>())))
        {
            await _api.DeleteAsync(obj).ConfigureAwait(false);
        }
    }

    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["team"] = "platform" } },
    };

    /// <summary>A Deployment the app team runs: what a patch of the stack must leave alone.</summary>
    public static JsonObject Deployment(string ns, string name) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 2,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name, ["version"] = "v1" } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "app",
                        ["image"] = $"registry.example.com/{name}:1.0.0",
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "TCP" }),
                    }),
                },
            },
        },
    };

    /// <summary>calico-node as a manifest install runs it: the container the calicoNodeEnv method adds an env var to.</summary>
    public static JsonObject DaemonSet(string ns, string name) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "DaemonSet",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["k8s-app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["k8s-app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = name,
                        ["image"] = "quay.io/calico/node:v3.33.1",
                        ["env"] = new JsonArray(new JsonObject { ["name"] = "DATASTORE_TYPE", ["value"] = "kubernetes" }),
                    }),
                },
            },
        },
    };

    private static JsonObject Existing(PlanItem item) => item.Kind switch
    {
        "Deployment" => Deployment(item.Namespace!, item.Name),
        "DaemonSet" => DaemonSet(item.Namespace!, item.Name),
        "FelixConfiguration" => new JsonObject
        {
            ["apiVersion"] = item.ApiVersion,
            ["kind"] = "FelixConfiguration",
            ["metadata"] = new JsonObject { ["name"] = item.Name },
            ["spec"] = new JsonObject { ["logSeverityScreen"] = "Info", ["reportingInterval"] = "0s" },
        },
        _ => throw new InvalidOperationException($"the tier has no 'before the stack' object for a patched {item.Kind}: add one to {nameof(PreexistingObjects)}"),
    };
}
