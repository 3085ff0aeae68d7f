using System.Collections.Immutable;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Manifests.Serialization;
using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Manifests.InjectorTemplates;

/// <summary>
/// The dikastes injection template (docs/domain.md, "The injection template") as a structured pod overlay, rendered to the
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

    /// <summary>How often the probes run, and how many misses take Dikastes out of its pod's endpoints.</summary>
    public const int ProbePeriodSeconds = 10;

    /// <summary>
    /// Readiness is "in sync with Felix", and most FelixConfiguration edits restart Felix on every node
    /// at once; four misses ten seconds apart keep a pod in its endpoints for at least 30 s of that.
    /// </summary>
    public const int ReadinessFailureThreshold = 4;

    /// <summary>Liveness only asks whether the gRPC server answers; a hung server is restarted after three misses.</summary>
    public const int LivenessFailureThreshold = 3;

    /// <summary>The exec probes start a process and dial the socket; one second is tight on a loaded node.</summary>
    public const int ProbeTimeoutSeconds = 5;

    public static PodTemplateFragment Workload(StackSettings settings, ImageRefs images)
    {
        var runtime = CompatibilityMatrix.DikastesFor(settings.Calico.Version);
        ImmutableArray<VolumeMount> socketMount = [new("dikastes-sock", WellKnown.DikastesSocketDir)];
        ImmutableArray<string> args = [.. runtime.ServerPrefix, "server", "-l", WellKnown.DikastesSocket, "-d", WellKnown.FelixSyncSocket];
        if (settings.Dikastes.Debug)
        {
            args = args.Add("--debug");
        }

        // The image's own uid, which the Calico line builds it for (and which owns /var/run/dikastes
        // in the v3.32 image); nothing else is needed, so every capability goes and the root file
        // system stays read-only: Dikastes writes only its socket, into the emptyDir.
        var securityContext = new SecurityContext(AllowPrivilegeEscalation: false, RunAsUser: runtime.Uid, RunAsGroup: runtime.Uid, RunAsNonRoot: true,
            ReadOnlyRootFilesystem: true, Capabilities: new Capabilities(["ALL"]), SeccompProfile: new SeccompProfile("RuntimeDefault"));
        var resources = settings.Dikastes.Resources.IsEmpty
            ? null
            : new ContainerResources(settings.Dikastes.Resources.Requests.OrNull(), settings.Dikastes.Resources.Limits.OrNull());

        Probe Check(string check, int failureThreshold) =>
            new(new ExecAction([.. runtime.Probe, check, .. runtime.ProbeSuffix]), InitialDelaySeconds: 3, PeriodSeconds: ProbePeriodSeconds,
                TimeoutSeconds: ProbeTimeoutSeconds, FailureThreshold: failureThreshold);

        // A native sidecar (an init container that restarts Always), like istio-proxy: the kubelet
        // stops it only after the app containers have exited, so a fail-closed pod never answers 403
        // while its app drains, and a Job's pod completes. istiod appends it after istio-proxy
        // (docs/domain.md, "Where the Dikastes container lands"), so it also stops before Envoy.
        var dikastes = new Container(
            Name: "dikastes",
            Image: images.Dikastes,
            Command: runtime.Command.IsEmpty ? default : runtime.Command,
            Args: args,
            RestartPolicy: "Always",
            LivenessProbe: Check("liveness", LivenessFailureThreshold),
            ReadinessProbe: Check("readiness", ReadinessFailureThreshold),
            Resources: resources,
            SecurityContext: securityContext,
            VolumeMounts: [.. socketMount, new VolumeMount("felix-sync", WellKnown.FelixSyncDir)]);

        // The proxy's socket mount goes on the native sidecar (an init container); see docs/domain.md.
        var spec = new PodSpecFragment(
            InitContainers: [new Container("istio-proxy", VolumeMounts: socketMount), dikastes],
            Volumes:
            [
                new Volume("dikastes-sock", EmptyDir: new EmptyDirVolume("Memory")),
                new Volume("felix-sync", Csi: new CsiVolume(WellKnown.CsiDriver)),
            ]);

        var metadata = new TemplateMeta(Labels: Maps.Of((WellKnown.DikastesPodLabel, WellKnown.DikastesPodLabelValue)));
        return new PodTemplateFragment(metadata, spec);
    }
}
