using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.ApiServer.Tests.Cluster;

/// <summary>
/// A stack's plan driven against the server the way the Pulumi Kubernetes provider drives it:
/// up applies every Kubernetes object in the plan's order (a server-side dry run, then the apply),
/// patches with the stack's field manager, owned objects with a pulumi-kubernetes one and the
/// label the provider puts on what it creates (app.kubernetes.io/managed-by: pulumi); destroy
/// goes in reverse order, deleting owned objects and giving back a patch's fields by applying the
/// bare object with the patch's field manager. Helm charts are not applied: the tier installs the
/// CRDs the Istio base chart would.
/// </summary>
public sealed class StackRun(ClusterApi api, Plan plan, string stack, string fieldManager)
{
    /// <summary>The manager the provider applies owned objects with; doctor recognises its prefix.</summary>
    public string OwnerManager => $"pulumi-kubernetes-{stack}";

    public string PatchManager => fieldManager;

    public IReadOnlyList<PlanItem> Objects { get; } = [.. plan.Items.Where(i => i.ItemKind == ItemKind.KubernetesObject)];

    private readonly HashSet<string> _created = new(StringComparer.Ordinal);

    public string ManagerOf(PlanItem item) => item.Ownership == Ownership.Patch ? fieldManager : OwnerManager;

    /// <summary>The object as the provider sends it: an owned one carries the provider's managed-by label.</summary>
    public static JsonObject Sent(PlanItem item)
    {
        var body = item.Body();
        if (item.Ownership == Ownership.Owned)
        {
            var metadata = body["metadata"]!.AsObject();
            var labels = metadata["labels"] as JsonObject ?? [];
            labels["app.kubernetes.io/managed-by"] = "pulumi";
            metadata["labels"] = labels;
        }

        return body;
    }

    /// <summary>`pulumi up`: every object, dry run first; returns what the server stored, by item id.</summary>
    /// <param name="after">Called after each item is applied: what happens outside the stack meanwhile (an app team deploying into a new namespace).</param>
    public async Task<IReadOnlyDictionary<string, JsonObject>> UpAsync(Func<PlanItem, Task>? after = null)
    {
        var stored = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var item in Objects)
        {
            var body = Sent(item);
            // Pulumi knows what it created from its state, not from the cluster; so does this run.
            if (item.Ownership == Ownership.Owned && !_created.Contains(item.Id) && await api.GetAsync(body).ConfigureAwait(false) is { } existing)
            {
                throw new InvalidOperationException($"{item.Id}: the stack would create an object that exists before it (managers: {string.Join(", ", Managers(existing))})");
            }

            await api.ApplyAsync(body, ManagerOf(item), dryRun: true).ConfigureAwait(false);
            stored[item.Id] = await api.ApplyAsync(body, ManagerOf(item)).ConfigureAwait(false);
            if (item.Ownership == Ownership.Owned)
            {
                _created.Add(item.Id);
            }

            if (after is not null)
            {
                await after(item).ConfigureAwait(false);
            }
        }

        return stored;
    }

    /// <summary>The items destroy deleted or gave back, in its order.</summary>
    public List<PlanItem> Destroyed { get; } = [];

    /// <summary>`pulumi destroy`: owned objects deleted and patches given back, in reverse order; retained items left alone.</summary>
    public async Task DestroyAsync()
    {
        foreach (var item in Objects.Reverse())
        {
            if (item.Policy.RetainOnDelete)
            {
                continue;
            }

            Destroyed.Add(item);
            var body = item.Body();
            if (item.Ownership == Ownership.Patch)
            {
                await api.ApplyAsync(Bare(body), fieldManager).ConfigureAwait(false);
            }
            else if (item.Kind == "Namespace")
            {
                await api.DeleteNamespaceAsync(item.Name).ConfigureAwait(false);
            }
            else
            {
                await api.DeleteAsync(body).ConfigureAwait(false);
            }
        }
    }

    /// <summary>After a test, whatever happened in it: every owned object the stack may have left is deleted.</summary>
    public async Task CleanUpAsync()
    {
        foreach (var item in Objects.Reverse().Where(i => i.Ownership == Ownership.Owned))
        {
            if (await api.GetAsync(item.Body()).ConfigureAwait(false) is null)
            {
                continue;
            }

            if (item.Kind == "Namespace")
            {
                await api.DeleteNamespaceAsync(item.Name).ConfigureAwait(false);
            }
            else
            {
                await api.DeleteAsync(item.Body()).ConfigureAwait(false);
            }
        }
    }

    /// <summary>apiVersion, kind, name and namespace only: applied with a manager, it drops every field that manager held.</summary>
    public static JsonObject Bare(JsonObject obj)
    {
        var metadata = new JsonObject { ["name"] = obj["metadata"]!["name"]!.DeepClone() };
        if (obj["metadata"]!["namespace"] is { } ns)
        {
            metadata["namespace"] = ns.DeepClone();
        }

        return new JsonObject { ["apiVersion"] = obj["apiVersion"]!.DeepClone(), ["kind"] = obj["kind"]!.DeepClone(), ["metadata"] = metadata };
    }

    public static IEnumerable<string> Managers(JsonObject obj) =>
        (obj["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>().Select(f => f["manager"]!.GetValue<string>()).Distinct();

    public static bool AppliedBy(JsonObject obj, string manager) => Managers(obj).Contains(manager);

    /// <summary>The fields <paramref name="manager"/> holds on <paramref name="obj"/>, as the server's fieldsV1 text.</summary>
    public static string FieldsOf(JsonObject obj, string manager) =>
        string.Concat((obj["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(f => f["manager"]!.GetValue<string>() == manager)
            .Select(f => f["fieldsV1"]?.ToJsonString() ?? string.Empty));
}
