using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CalicoAlp.ApiServer.Tests.Cluster;

/// <summary>The server's answer when it refuses a request: HTTP status, the Status reason and its message.</summary>
public sealed class ServerRejectedException(HttpStatusCode status, string reason, string message)
    : Exception($"{(int)status} {reason}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string Reason { get; } = reason;

    public string ServerMessage { get; } = message;
}

/// <summary>
/// Server-side apply, read and delete of any object the tier knows (<see cref="KindCatalog"/>)
/// through the official client (Deployments and CRD kinds by its custom-object calls, which
/// return the server's JSON), as the Pulumi Kubernetes provider drives a server: apply
/// patches with a field manager, strict field validation, no force unless asked.
/// </summary>
public sealed class ClusterApi(Kubernetes client, CalicoAlp.Doctor.Kube.KubeApi reader, KindCatalog kinds)
{
    public Kubernetes Client => client;

    public KindCatalog Kinds => kinds;

    /// <summary>Applies <paramref name="obj"/> server-side; returns the object as the server stored it (or would, on a dry run).</summary>
    public Task<JsonObject> ApplyAsync(JsonObject obj, string manager, bool dryRun = false, bool force = false)
    {
        var (route, ns, name) = Locate(obj);
        var patch = new V1Patch(obj.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        var dry = dryRun ? "All" : null;
        return Call(async () => (route.Group, route.Plural) switch
        {
            ("", "namespaces") => await ReadBack(client.CoreV1.PatchNamespaceAsync(patch, name, dry, manager, "Strict", force), $"/api/v1/namespaces/{name}", dryRun).ConfigureAwait(false),
            ("", "nodes") => Applied(await client.CoreV1.PatchNodeAsync(patch, name, dry, manager, "Strict", force).ConfigureAwait(false)),
            ("", "services") => await ReadBack(client.CoreV1.PatchNamespacedServiceAsync(patch, name, ns, dry, manager, "Strict", force), $"/api/v1/namespaces/{ns}/services/{name}", dryRun).ConfigureAwait(false),
            ("", "pods") => await ReadBack(client.CoreV1.PatchNamespacedPodAsync(patch, name, ns, dry, manager, "Strict", force), $"/api/v1/namespaces/{ns}/pods/{name}", dryRun).ConfigureAwait(false),
            ("", "serviceaccounts") => await ReadBack(client.CoreV1.PatchNamespacedServiceAccountAsync(patch, name, ns, dry, manager, "Strict", force), $"/api/v1/namespaces/{ns}/serviceaccounts/{name}", dryRun).ConfigureAwait(false),
            _ when route.Namespaced => Json(await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, route.Group, route.Version, ns, route.Plural, name, dry, manager, "Strict", force).ConfigureAwait(false)),
            _ => Json(await client.CustomObjects.PatchClusterCustomObjectAsync(patch, route.Group, route.Version, route.Plural, name, dry, manager, "Strict", force).ConfigureAwait(false)),
        });
    }

    /// <summary>Applies <paramref name="obj"/>'s status through the status subresource, as the controller that owns it would.</summary>
    public Task ApplyStatusAsync(JsonObject obj, string manager)
    {
        var (route, ns, name) = Locate(obj);
        var patch = new V1Patch(obj.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        return Call(async () => (route.Group, route.Plural) switch
        {
            ("", "nodes") => Applied(await client.CoreV1.PatchNodeStatusAsync(patch, name, fieldManager: manager, force: true).ConfigureAwait(false)),
            ("", _) => throw new InvalidOperationException($"no status for core {route.Plural} in the tier"),
            _ when route.Namespaced => Json(await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, route.Group, route.Version, ns, route.Plural, name, fieldManager: manager, force: true).ConfigureAwait(false)),
            _ => Json(await client.CustomObjects.PatchClusterCustomObjectStatusAsync(patch, route.Group, route.Version, route.Plural, name, fieldManager: manager, force: true).ConfigureAwait(false)),
        });
    }

    /// <summary>The object named like <paramref name="obj"/> (its apiVersion, kind, namespace and name), or null when the server has none.</summary>
    public async Task<JsonObject?> GetAsync(JsonObject obj)
    {
        var (route, ns, name) = Locate(obj);
        try
        {
            return await Call(async () => (route.Group, route.Plural) switch
            {
                ("", _) => await Read($"/api/v1/{(route.Namespaced ? $"namespaces/{ns}/" : string.Empty)}{route.Plural}/{name}").ConfigureAwait(false),
                _ when route.Namespaced => Json(await client.CustomObjects.GetNamespacedCustomObjectAsync(route.Group, route.Version, ns, route.Plural, name).ConfigureAwait(false)),
                _ => Json(await client.CustomObjects.GetClusterCustomObjectAsync(route.Group, route.Version, route.Plural, name).ConfigureAwait(false)),
            }).ConfigureAwait(false);
        }
        catch (ServerRejectedException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Deletes the object named like <paramref name="obj"/>; true when it was there.</summary>
    public async Task<bool> DeleteAsync(JsonObject obj)
    {
        var (route, ns, name) = Locate(obj);
        try
        {
            await Call(async () =>
            {
                switch (route.Group, route.Plural)
                {
                    case ("", "namespaces"):
                        await client.CoreV1.DeleteNamespaceAsync(name).ConfigureAwait(false);
                        break;
                    case ("", "nodes"):
                        await client.CoreV1.DeleteNodeAsync(name).ConfigureAwait(false);
                        break;
                    case ("", "services"):
                        await client.CoreV1.DeleteNamespacedServiceAsync(name, ns).ConfigureAwait(false);
                        break;
                    case ("", "pods"):
                        await client.CoreV1.DeleteNamespacedPodAsync(name, ns).ConfigureAwait(false);
                        break;
                    case ("", "serviceaccounts"):
                        await client.CoreV1.DeleteNamespacedServiceAccountAsync(name, ns).ConfigureAwait(false);
                        break;
                    case var _ when route.Namespaced:
                        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(route.Group, route.Version, ns, route.Plural, name).ConfigureAwait(false);
                        break;
                    default:
                        await client.CustomObjects.DeleteClusterCustomObjectAsync(route.Group, route.Version, route.Plural, name).ConfigureAwait(false);
                        break;
                }

                return new JsonObject();
            }).ConfigureAwait(false);
            return true;
        }
        catch (ServerRejectedException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes a namespace and, since no kube-controller-manager runs beside envtest's server, does
    /// the namespace controller's part: deletes what the namespace holds, then removes the finalizer.
    /// </summary>
    public async Task DeleteNamespaceAsync(string name)
    {
        await Call(async () =>
        {
            foreach (var route in kinds.NamespacedKinds)
            {
                await client.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync(route.Group, route.Version, name, route.Plural).ConfigureAwait(false);
            }

            // The core kinds the tier creates in a namespace (Services are deleted one by one where they were applied).
            await client.CoreV1.DeleteCollectionNamespacedPodAsync(name, gracePeriodSeconds: 0).ConfigureAwait(false);
            await client.CoreV1.DeleteCollectionNamespacedServiceAccountAsync(name).ConfigureAwait(false);

            await client.CoreV1.DeleteNamespaceAsync(name).ConfigureAwait(false);
            var terminating = await client.CoreV1.ReadNamespaceAsync(name).ConfigureAwait(false);
            terminating.Spec = new V1NamespaceSpec { Finalizers = [] };
            // Not sent back: the client cannot write fieldsV1, and the server ignores it here.
            terminating.Metadata.ManagedFields = null;
            await client.CoreV1.ReplaceNamespaceFinalizeAsync(terminating, name).ConfigureAwait(false);
            return new JsonObject();
        }).ConfigureAwait(false);
    }

    private (KindRoute Route, string Namespace, string Name) Locate(JsonObject obj)
    {
        var route = kinds.Route(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>());
        var ns = obj["metadata"]?["namespace"]?.GetValue<string>() ?? string.Empty;
        if (route.Namespaced && ns.Length == 0)
        {
            throw new InvalidOperationException($"{obj["kind"]} {obj["metadata"]?["name"]} is namespaced and names no namespace");
        }

        return (route, ns, obj["metadata"]!["name"]!.GetValue<string>());
    }

    /// <summary>An object of a custom or non-core group, which the client hands back as the server's JSON.</summary>
    private static JsonObject Json(object value) => JsonNode.Parse(((JsonElement)value).GetRawText())!.AsObject();

    /// <summary>What a typed core apply answers is not read back by the tier (the Aot models drop managedFields); only its name.</summary>
    private static JsonObject Applied(IKubernetesObject<V1ObjectMeta> applied) =>
        new() { ["metadata"] = new JsonObject { ["name"] = applied.Metadata.Name } };

    /// <summary>
    /// A typed core apply's object as the server holds it afterwards, read again as JSON (with alp
    /// doctor's reader): the Aot client's typed models drop managedFields, which the ownership tests
    /// read. A dry run's answer is not stored, so its name is all there is.
    /// </summary>
    private async Task<JsonObject> ReadBack<T>(Task<T> call, string path, bool dryRun)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var typed = await call.ConfigureAwait(false);
        return dryRun ? Applied(typed) : await Read(path).ConfigureAwait(false);
    }

    private async Task<JsonObject> Read(string path) =>
        await reader.GetAsync(path).ConfigureAwait(false) is { } found
            ? JsonNode.Parse(found.GetRawText())!.AsObject()
            : throw new ServerRejectedException(HttpStatusCode.NotFound, "NotFound", $"{path} not found");

    private static async Task<JsonObject> Call(Func<Task<JsonObject>> request)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            var body = e.Response?.Content ?? string.Empty;
            string reason = string.Empty, message = body;
            try
            {
                var status = JsonNode.Parse(body);
                reason = status?["reason"]?.GetValue<string>() ?? string.Empty;
                message = status?["message"]?.GetValue<string>() ?? body;
            }
            catch (JsonException)
            {
                // Not a Status object: the raw body is the message.
            }

            throw new ServerRejectedException(e.Response?.StatusCode ?? 0, reason, message);
        }
    }
}
