using System.Collections.Immutable;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.Serialization;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.InjectorTemplates;

/// <summary>
/// The dikastes and dikastes-gateway injection templates (alp-domain.md §4) as structured pod
/// overlays, rendered to the YAML strings istiod's sidecarInjectorWebhook.templates expects.
/// </summary>
public static class DikastesTemplates
{
    public static PodTemplateFragment Workload(StackSettings settings, ImageRefs images) =>
        Overlay(settings, images, gateway: false);

    public static PodTemplateFragment Gateway(StackSettings settings, ImageRefs images) =>
        Overlay(settings, images, gateway: true);

    public static ImmutableSortedDictionary<string, string> Render(StackSettings settings, ImageRefs images) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
        [
            new KeyValuePair<string, string>(WellKnown.DikastesTemplate, YamlWriter.Write(Canonical.ToNode(Workload(settings, images)))),
            new KeyValuePair<string, string>(WellKnown.DikastesGatewayTemplate, YamlWriter.Write(Canonical.ToNode(Gateway(settings, images)))),
        ]);

    private static PodTemplateFragment Overlay(StackSettings settings, ImageRefs images, bool gateway)
    {
        ImmutableArray<VolumeMount> socketMount = [new("dikastes-sock", WellKnown.DikastesSocketDir)];
        ImmutableArray<string> args = ["server", "-l", WellKnown.DikastesSocket, "-d", WellKnown.FelixSyncSocket];
        if (settings.Dikastes.Debug)
        {
            args = args.Add("--debug");
        }

        // Gateways run Dikastes as root (the guide's dikastes-gateway); workloads as the image's uid 999.
        var securityContext = gateway
            ? new SecurityContext(AllowPrivilegeEscalation: false, RunAsUser: 0, RunAsGroup: 0, RunAsNonRoot: false)
            : new SecurityContext(AllowPrivilegeEscalation: false, RunAsUser: 999, RunAsGroup: 999, RunAsNonRoot: true);
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

        var metadata = gateway ? null : new TemplateMeta(Labels: Maps.Of((WellKnown.DikastesPodLabel, WellKnown.DikastesPodLabelValue)));
        return new PodTemplateFragment(metadata, spec);
    }
}
