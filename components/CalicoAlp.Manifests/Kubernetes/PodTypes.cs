using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace CalicoAlp.Manifests.Kubernetes;

// A list that is absent is default(ImmutableArray<T>) and left out of the JSON; [] is an empty list,
// written as one. The attributes say so to System.Text.Json.

/// <summary>The parts of core/v1 pod types we emit, in Kubernetes field names.</summary>
public sealed record Container(
    string Name,
    string? Image = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<string> Command = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<string> Args = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<EnvVar> Env = default,
    string? RestartPolicy = null,
    Probe? LivenessProbe = null,
    Probe? ReadinessProbe = null,
    ContainerResources? Resources = null,
    SecurityContext? SecurityContext = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<VolumeMount> VolumeMounts = default);

public sealed record EnvVar(string Name, string Value);

public sealed record Probe(ExecAction Exec, int InitialDelaySeconds, int PeriodSeconds, int? TimeoutSeconds = null, int? FailureThreshold = null);

public sealed record ExecAction(ImmutableArray<string> Command);

public sealed record ContainerResources(
    ImmutableSortedDictionary<string, string>? Requests,
    ImmutableSortedDictionary<string, string>? Limits);

public sealed record SecurityContext(bool AllowPrivilegeEscalation, long RunAsUser, long RunAsGroup, bool RunAsNonRoot,
    bool? ReadOnlyRootFilesystem = null, Capabilities? Capabilities = null, SeccompProfile? SeccompProfile = null);

public sealed record Capabilities([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<string> Drop = default);

public sealed record SeccompProfile(string Type);

public sealed record VolumeMount(string Name, string MountPath);

public sealed record Volume(string Name, EmptyDirVolume? EmptyDir = null, CsiVolume? Csi = null);

public sealed record EmptyDirVolume(string Medium);

public sealed record CsiVolume(string Driver);

/// <summary>Pod-template metadata: only labels and annotations are ever patched.</summary>
public sealed record TemplateMeta(
    ImmutableSortedDictionary<string, string>? Labels = null,
    ImmutableSortedDictionary<string, string>? Annotations = null);

public sealed record PodSpecFragment(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<Container> InitContainers = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<Container> Containers = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<Volume> Volumes = default);

public sealed record PodTemplateFragment(TemplateMeta? Metadata = null, PodSpecFragment? Spec = null);

/// <summary>The spec of a Deployment or DaemonSet patch: only the pod template.</summary>
public sealed record WorkloadPatchSpec(PodTemplateFragment Template);
