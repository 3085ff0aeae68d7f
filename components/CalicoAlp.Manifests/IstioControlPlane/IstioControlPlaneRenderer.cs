using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.IstioControlPlane;

/// <summary>Handles to the control plane's items: the base chart (the CRDs; none when they were there before the stack), each istiod, each revision tag's injector, mesh-wide mTLS.</summary>
public sealed record ControlPlane(string? Base, ImmutableArray<string> Istiods, ImmutableArray<string> Tags, string MeshPeerAuthentication)
{
    /// <summary>What an Istio object waits for: the CRDs when the stack installs them, and every istiod that validates it.</summary>
    public ImmutableArray<string> ForIstioObjects => [.. new[] { Base }.OfType<string>(), .. Istiods];

    /// <summary>What enrolled pods are injected by: every istiod, and every tag's webhook.</summary>
    public ImmutableArray<string> Injectors => [.. Istiods, .. Tags];
}

/// <summary>istio-system, the base and istiod charts (with the Dikastes templates), and mesh-wide mTLS.</summary>
public static class IstioControlPlaneRenderer
{
    public const string BaseRelease = "istio-base";
    public const string PeerAuthenticationApiVersion = "security.istio.io/v1";

    /// <summary>
    /// istiod patches every caBundle into the charts' webhook configurations after install
    /// (istio/istio#44285); ignoring it keeps previews and drift checks quiet. The validators'
    /// failurePolicy no longer needs an ignore: both charts render it as Fail from the start
    /// (base.validationFailurePolicy), so istiod has nothing to flip.
    /// </summary>
    public static ImmutableSortedDictionary<string, ImmutableArray<string>> WebhookDrift { get; } =
        new Dictionary<string, ImmutableArray<string>>
        {
            ["kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration"] = ["webhooks[*].clientConfig.caBundle"],
            ["kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration"] = ["webhooks[*].clientConfig.caBundle"],
        }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Both charts read base.validationFailurePolicy (1.30.3 templates validatingwebhookconfiguration
    /// and defaultrevision-validatingwebhookconfiguration): Fail from the first apply, instead of
    /// Ignore until istiod flips it. Istio objects are therefore created only once istiod serves.
    /// </summary>
    private static JsonObject ValidationFailsClosed() => new() { ["validationFailurePolicy"] = "Fail" };

    /// <summary>istiod replicas in production, the fewest that survive one eviction.</summary>
    public const int ProductionIstiodReplicas = 2;

    public static string IstiodRelease(IstioSettings istio) => istio.Revision is { } rev ? $"istiod-{rev}" : "istiod";

    /// <param name="builds">Image build items istiod's values refer to; istiod waits for them.</param>
    public static ControlPlane Render(PlanContext ctx, IReadOnlyCollection<string> builds)
    {
        var settings = ctx.Settings;
        var istio = settings.Istio;
        var controlPlane = new ResourcePolicy(settings.Protect, false, [], WebhookDrift);

        string? namespaceId = null;
        if (istio.SystemNamespace == NamespaceOwnership.Create)
        {
            namespaceId = ctx.Add(Concern.IstioControlPlane, Ownership.Owned,
                new KubeObject<NoSpec>("v1", "Namespace", new ObjectMeta(WellKnown.IstioSystem)), [],
                new ResourcePolicy(settings.Protect, false, [])).Id;
        }

        var baseValues = new JsonObject { ["base"] = ValidationFailsClosed() };
        if (DefaultRevision(istio) is { } revision)
        {
            // The default-revision validating webhook must point at an istiod there is.
            baseValues["defaultRevision"] = revision;
        }

        // Istio's CRDs from an Istio the stack did not create are never installed, adopted or deleted by it.
        var baseChart = istio.Base == IstioBase.Existing ? null : ctx.AddSpec(Concern.IstioControlPlane, ItemKind.HelmRelease, WellKnown.IstioSystem, BaseRelease,
            new HelmReleaseSpec(BaseRelease, "base", istio.ChartRepository, istio.Version.ToString(), WellKnown.IstioSystem, baseValues),
            new[] { namespaceId }.OfType<string>(), controlPlane).Id;

        // One istiod release per revision, each with the templates of its own Istio line; without revisions, the one istiod.
        var views = istio.ByRevision
            ? istio.Revisions.Select(r => ctx.Revisions[r.Name]).ToList()
            : [new RevisionView(new IstioRevision(istio.Revision ?? IstioRevision.RevisionLess, istio.Version), istio, ctx.Images, ctx.Templates, ctx.InjectionHash)];
        var istiods = ImmutableArray.CreateBuilder<string>();
        var byRevision = new Dictionary<string, string>(StringComparer.Ordinal);
        var dependencies = new[] { namespaceId, baseChart }.OfType<string>().Concat(builds).ToList();
        void Istiod(RevisionView view, bool injectorOff, IEnumerable<string> after)
        {
            var id = ctx.AddSpec(Concern.IstioControlPlane, ItemKind.HelmRelease, WellKnown.IstioSystem, IstiodRelease(view.Istio),
                new HelmReleaseSpec(IstiodRelease(view.Istio), "istiod", view.Istio.ChartRepository, view.Istio.Version.ToString(), WellKnown.IstioSystem,
                    IstiodValues(ctx, view.Istio, view.Images, view.Templates, injectorOff)),
                after, controlPlane).Id;
            istiods.Add(id);
            byRevision[view.Revision.Name] = id;
        }

        // The revision-less istiod whose legacy labels tag default has taken over is planned after the tag.
        var revisionLessOff = istio.RevisionLessInjectorOff;
        foreach (var view in views.Where(v => !(revisionLessOff && v.Revision.IsRevisionLess)))
        {
            Istiod(view, injectorOff: false, dependencies);
        }

        var tags = RevisionTags.Render(ctx, byRevision, byRevision.ContainsKey);
        if (revisionLessOff)
        {
            // Its injector goes only once tag default's is there (the chart drops it with this value,
            // the way istioctl tag set default deactivates it): while both exist a pod is injected
            // twice, which istiod's injector makes idempotent; with neither, pods would start bare.
            Istiod(views.Single(v => v.Revision.IsRevisionLess), injectorOff: true, [.. dependencies, .. tags[IstioRevision.DefaultTag]]);
            // Other tags still on it (a way back for a few workloads) follow their istiod.
            tags = tags.AddRange(RevisionTags.Render(ctx, byRevision, revision => revision == IstioRevision.RevisionLess));
        }

        // With validation failing closed, Istio objects wait for the istiods that validate them.
        var mesh = ctx.Add(Concern.IstioControlPlane, Ownership.Owned, PeerAuthentication(WellKnown.IstioSystem, istio.Mtls), [.. new[] { baseChart }.OfType<string>(), .. istiods],
            new ResourcePolicy(settings.Protect, false, [])).Id;
        return new ControlPlane(baseChart, istiods.ToImmutable(), [.. tags.Values.SelectMany(ids => ids)], mesh);
    }

    /// <summary>
    /// The revision the base chart's default validator (istiod-default-validator, failing closed)
    /// calls: tag default's, as istioctl tag set default moves it; else the oldest revision, the one
    /// that was running before this step, because the base chart is updated before a new istiod
    /// exists, and a validator calling an istiod that is not there yet rejects every Istio object
    /// written meanwhile. Without revisions, istioRevision. None for the revision-less istiod, which
    /// the chart calls by default.
    /// </summary>
    private static string? DefaultRevision(IstioSettings istio)
    {
        var revision = !istio.ByRevision ? istio.Revision
            : istio.Tags.TryGetValue(IstioRevision.DefaultTag, out var tagged) ? tagged
            : istio.Revisions[0].Name;
        return revision == IstioRevision.RevisionLess ? null : revision;
    }

    /// <summary>Per-namespace mTLS overrides; rendered once the meshed namespaces are planned.</summary>
    public static NamespaceHandles RenderNamespaceOverrides(PlanContext ctx, ControlPlane controlPlane, NamespaceHandles namespaces)
    {
        var planned = new List<(string, PlanItem)>();
        foreach (var ns in ctx.Settings.Namespaces.Where(n => n.Mtls is not null))
        {
            planned.Add((ns.Name, ctx.Add(Concern.IstioControlPlane, Ownership.Owned, PeerAuthentication(ns.Name, ns.Mtls!.Value),
                [.. controlPlane.ForIstioObjects, .. namespaces.Of(ns.Name)])));
        }

        return NamespaceHandles.From(planned);
    }

    private static KubeObject<PeerAuthenticationSpec> PeerAuthentication(string ns, MtlsMode mode) =>
        new(PeerAuthenticationApiVersion, "PeerAuthentication", new ObjectMeta("default", ns),
            new PeerAuthenticationSpec(new PeerAuthenticationMtls(mode.Text())));

    /// <param name="injectorOff">Leave out the chart's injection webhook configuration: a tag answers for this istiod.</param>
    private static JsonObject IstiodValues(PlanContext ctx, IstioSettings istio, ImageRefs images, ImmutableSortedDictionary<string, string> templates, bool injectorOff)
    {
        var settings = ctx.Settings;
        var values = new JsonObject();
        if (istio.Revision is { } revision)
        {
            values["revision"] = revision;
        }

        var production = settings.Environment == DeploymentEnvironment.Production;
        if (images.Proxy is not null || production || injectorOff)
        {
            var global = new JsonObject();
            if (injectorOff)
            {
                // The only switch the istiod chart has for its MutatingWebhookConfiguration
                // (templates/mutatingwebhook.yaml); it gates nothing else in the chart.
                global["operatorManageWebhooks"] = true;
            }

            if (production)
            {
                // The chart renders istiod's PodDisruptionBudget only with this on and more than one
                // replica (templates/poddisruptionbudget.yaml); it is on by default, and said here so
                // a values change elsewhere cannot drop it.
                global["defaultPodDisruptionBudget"] = new JsonObject { ["enabled"] = true };
            }

            if (images.Proxy is { } proxy)
            {
                // A value with a '/' is used by the injector template as the whole image reference, for
                // istio-proxy from global.proxy.image and for istio-init from global.proxy_init.image.
                // Without the second, istio-init gets the injector's ProxyImage, hub/<proxy.image>:tag
                // (inject.go ProxyImage): an invalid name, and every pod sticks in Init (istio/istio#59066).
                global["proxy"] = new JsonObject { ["image"] = proxy };
                global["proxy_init"] = new JsonObject { ["image"] = proxy };
            }

            values["global"] = global;
        }

        if (production)
        {
            // The injection webhook fails closed: with one istiod, a node drain or an eviction stops
            // every pod creation in enrolled namespaces. Two replicas whether or not the HPA is on,
            // and the disruption budget above keeps one of them up.
            values["replicaCount"] = ProductionIstiodReplicas;
            values["autoscaleMin"] = ProductionIstiodReplicas;
        }

        if (images.Istiod is { } istiod)
        {
            // The istiod chart takes a value with a '/' as istiod's whole image reference.
            values["image"] = istiod;
        }

        values["base"] = ValidationFailsClosed();

        switch (CompatibilityMatrix.Forcing(istio))
        {
            case NativeSidecarForcing.TopLevelEnvAndPodAnnotation:
                values["env"] = new JsonObject { ["ENABLE_NATIVE_SIDECARS"] = "true" };
                break;
            case NativeSidecarForcing.PilotEnv:
                values["pilot"] = new JsonObject { ["env"] = new JsonObject { ["ENABLE_NATIVE_SIDECARS"] = "true" } };
                break;
        }

        // rewriteAppHTTPProbe keeps app HTTP probes on the sidecar's status port, away from ext_authz.
        var injector = new JsonObject { ["rewriteAppHTTPProbe"] = true };
        if (templates.Count > 0)
        {
            var rendered = new JsonObject();
            foreach (var (name, template) in templates)
            {
                rendered[name] = template;
            }

            injector["templates"] = rendered;
            if (settings.Namespaces.Any(n => n.Enrolment == Enrolment.Namespace))
            {
                injector["defaultTemplates"] = new JsonArray("sidecar", WellKnown.DikastesTemplate);
            }
        }

        values["sidecarInjectorWebhook"] = injector;
        return values;
    }
}
