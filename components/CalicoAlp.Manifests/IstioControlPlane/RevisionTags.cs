using System.Collections.Immutable;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.IstioControlPlane;

/// <summary>
/// Each revision tag as two objects of its own, as istiod's chart renders them for revisionTags
/// (docs/domain.md section 12): the injector (MutatingWebhookConfiguration istio-revision-tag-TAG)
/// and its Service (istiod-revision-tag-TAG). Their ids do not name the revision, so moving a tag is
/// an update in place, never a delete and a create with a moment of no injector between them.
/// </summary>
public static class RevisionTags
{
    /// <summary>istiod fills each webhook's caBundle, for the configurations labelled with its revision.</summary>
    private static readonly ImmutableArray<string> FilledByIstiod = ["webhooks[*].clientConfig.caBundle"];

    /// <param name="istiods">Each revision's istiod release item, by revision name.</param>
    /// <param name="revisions">The revisions whose tags to render now: those whose istiod is planned.</param>
    /// <returns>The ids of each tag's Service and injector, by tag.</returns>
    public static ImmutableSortedDictionary<string, ImmutableArray<string>> Render(PlanContext ctx, IReadOnlyDictionary<string, string> istiods, Func<string, bool> revisions)
    {
        var ids = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var (tag, revision) in ctx.Settings.Istio.Tags.Where(t => revisions(t.Value)))
        {
            if (tag == IstioRevision.DefaultTag && revision == IstioRevision.RevisionLess)
            {
                // The revision-less istiod's own injector is tag default: nothing to add.
                continue;
            }

            // The tag waits for the istiod it calls: a webhook with no istiod behind it fails every pod creation it matches.
            var istiod = istiods[revision];
            var labels = Maps.Of(("app", "istiod"), ("istio.io/rev", revision), ("istio.io/tag", tag));
            var service = ctx.Add(Concern.IstioControlPlane, Ownership.Owned,
                new KubeObject<ServiceSpec>("v1", "Service", new ObjectMeta($"istiod-revision-tag-{tag}", WellKnown.IstioSystem, labels),
                    new ServiceSpec(
                        [new("grpc-xds", 15010, "TCP"), new("https-dns", 15012, "TCP"), new("https-webhook", 443, "TCP", 15017), new("http-monitoring", 15014, "TCP")],
                        Maps.Of(("app", "istiod"), ("istio.io/rev", revision)))),
                [istiod], new ResourcePolicy(ctx.Settings.Protect, false, []));
            var injector = ctx.Add(Concern.IstioControlPlane,
                new WebhookConfiguration("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", new ObjectMeta($"istio-revision-tag-{tag}", Labels: labels), Webhooks(tag, revision)),
                [istiod, service.Id], new ResourcePolicy(ctx.Settings.Protect, false, FilledByIstiod));
            ids[tag] = [service.Id, injector.Id];
        }

        return ids.ToImmutable();
    }

    /// <summary>
    /// The tag's webhooks: pods in a namespace labelled istio.io/rev=TAG, and pods labelled so in an
    /// unlabelled namespace; tag "default" also answers the legacy labels, as the chart's tag does.
    /// </summary>
    private static ImmutableArray<MutatingWebhook> Webhooks(string tag, string revision)
    {
        MutatingWebhook Hook(string prefix, LabelSelector namespaces, LabelSelector objects) => new(
            $"{prefix}sidecar-injector.istio.io",
            new WebhookClientConfig(new WebhookService(revision == IstioRevision.RevisionLess ? "istiod" : $"istiod-{revision}", WellKnown.IstioSystem, "/inject", 443)),
            [new(["CREATE"], [string.Empty], ["v1"], ["pods"])],
            namespaces, objects, "None", "Fail", "Never", ["v1"]);

        static LabelRequirement In(string key, string value) => new(key, "In", [value]);
        static LabelRequirement Absent(string key) => new(key, "DoesNotExist");
        var notOptedOut = new LabelRequirement("sidecar.istio.io/inject", "NotIn", ["false"]);

        var hooks = ImmutableArray.CreateBuilder<MutatingWebhook>();
        hooks.Add(Hook("rev.namespace.", new([In("istio.io/rev", tag), Absent("istio-injection")]), new([notOptedOut])));
        hooks.Add(Hook("rev.object.", new([Absent("istio.io/rev"), Absent("istio-injection")]), new([notOptedOut, In("istio.io/rev", tag)])));
        if (tag == "default")
        {
            hooks.Add(Hook("namespace.", new([In("istio-injection", "enabled")]), new([notOptedOut])));
            hooks.Add(Hook("object.", new([Absent("istio-injection"), Absent("istio.io/rev")]), new([In("sidecar.istio.io/inject", "true"), Absent("istio.io/rev")])));
        }

        return hooks.ToImmutable();
    }
}
