using System.Collections.Immutable;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.Serialization;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.InjectorTemplates;

/// <summary>
/// The dikastes injection template (alp-domain.md §4) as a structured pod overlay, rendered to the
/// YAML string istiod's sidecarInjectorWebhook.templates expects.
/// There is deliberately no dikastes-gateway template. Istio's gateway chart injects with its own
/// `gateway` template, and with native sidecars on istiod moves a pod's containers[istio-proxy]
/// into initContainers as soon as any selected template lists istio-proxy there (inject.go
/// RunTemplate, 1.30.3), which the Dikastes overlay must do for its socket mount: the gateway's
/// Envoy would become an init container that still carries probes, and the pod is rejected. The
/// ext_authz filter also matches SIDECAR_INBOUND only, so a gateway would not consult Dikastes.
/// </summary>
public static class DikastesTemplates
{
    public static ImmutableSortedDictionary<string, string> Render(StackSettings settings, ImageRefs images)
    {
        // Straight from the record to a JSON document: no node tree to print and parse again.
        using var workload = Canonical.ToDocument(Workload(settings, images));
        return ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
            [new KeyValuePair<string, string>(WellKnown.DikastesTemplate, YamlWriter.Write(workload.RootElement))]);
    }

    public static PodTemplateFragment Workload(StackSettings settings, ImageRefs images)
    {
        ImmutableArray<VolumeMount> socketMount = [new("dikastes-sock", WellKnown.DikastesSocketDir)];
        ImmutableArray<string> args = ["server", "-l", WellKnown.DikastesSocket, "-d", WellKnown.FelixSyncSocket];
        if (settings.Dikastes.Debug)
        {
            args = args.Add("--debug");
        }

        // The image's own uid, which owns /var/run/dikastes in it.
        var securityContext = new SecurityContext(AllowPrivilegeEscalation: false, RunAsUser: 999, RunAsGroup: 999, RunAsNonRoot: true);
        var resources = settings.Dikastes.Resources.IsEmpty
            ? null
            : new ContainerResources(settings.Dikastes.Resources.Requests.OrNull(), settings.Dikastes.Resources.Limits.OrNull());

        var dikastes = new Container(
            Name: "dikastes",
            Image: images.Dikastes,
            Args: args,
            LivenessProbe: new Probe(new ExecAction(["/healthz", "liveness"]), InitialDelaySeconds: 3, PeriodSeconds: 3),
            ReadinessProbe: new Probe(new ExecAction(["/healthz", "readiness"]), InitialDelaySeconds: 3, PeriodSeconds: 3),
            Resources: resources,
            SecurityContext: securityContext,
            VolumeMounts: [.. socketMount, new VolumeMount("felix-sync", WellKnown.FelixSyncDir)]);

        // The proxy's socket mount goes on the native sidecar (an init container); see alp-domain.md §3.
        var spec = new PodSpecFragment(
            InitContainers: [new Container("istio-proxy", VolumeMounts: socketMount)],
            Containers: [dikastes],
            Volumes:
            [
                new Volume("dikastes-sock", EmptyDir: new EmptyDirVolume("Memory")),
                new Volume("felix-sync", Csi: new CsiVolume(WellKnown.CsiDriver)),
            ]);

        var metadata = new TemplateMeta(Labels: Maps.Of((WellKnown.DikastesPodLabel, WellKnown.DikastesPodLabelValue)));
        return new PodTemplateFragment(metadata, spec);
    }
}
