using System.Text.Json.Serialization;
using CalicoAlp.Manifests.ApplicationLayer;
using CalicoAlp.Manifests.AuthorizationServices;
using CalicoAlp.Manifests.FelixPolicySync;
using CalicoAlp.Manifests.IstioControlPlane;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.SidecarImages;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>
/// System.Text.Json's source generator over every record a plan holds: camelCase unless a record
/// names the field, nulls left out, and a list marked [JsonIgnore(WhenWritingDefault)] left out
/// when absent. Generated, so the native alp needs no reflection to write them.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KubeObject<NoSpec>))]
[JsonSerializable(typeof(KubeObject<WorkloadPatchSpec>))]
[JsonSerializable(typeof(KubeObject<FelixPolicySyncSpec>))]
[JsonSerializable(typeof(KubeObject<PeerAuthenticationSpec>))]
[JsonSerializable(typeof(KubeObject<ServiceEntrySpec>))]
[JsonSerializable(typeof(KubeObject<DestinationRuleSpec>))]
[JsonSerializable(typeof(KubeObject<EnvoyFilterSpec>))]
[JsonSerializable(typeof(KubeObject<CalicoPolicySpec>))]
[JsonSerializable(typeof(KubeObject<ApplicationLayerSpec>))]
[JsonSerializable(typeof(KubeObject<ServiceSpec>))]
[JsonSerializable(typeof(WebhookConfiguration))]
[JsonSerializable(typeof(PodTemplateFragment))]
[JsonSerializable(typeof(HelmReleaseSpec))]
[JsonSerializable(typeof(ImageBuildSpec))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
