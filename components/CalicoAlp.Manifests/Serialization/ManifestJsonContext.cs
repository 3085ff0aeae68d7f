using System.Text.Json.Serialization;
using CalicoAlp.Manifests.ApplicationLayer;
using CalicoAlp.Manifests.AuthorizationServices;
using CalicoAlp.Manifests.FelixPolicySync;
using CalicoAlp.Manifests.IstioControlPlane;
using CalicoAlp.Manifests.Kubernetes;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>
/// Compile-time JSON metadata for every record we emit. Reflection-based serialization costs
/// about 100 ms of start-up per process; <see cref="Canonical"/> uses only this context, so a
/// type missing here fails loudly instead of falling back to reflection.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(KubeObject<NoSpec>))]
[JsonSerializable(typeof(KubeObject<WorkloadPatchSpec>))]
[JsonSerializable(typeof(KubeObject<FelixPolicySyncSpec>))]
[JsonSerializable(typeof(KubeObject<PeerAuthenticationSpec>))]
[JsonSerializable(typeof(KubeObject<ServiceEntrySpec>))]
[JsonSerializable(typeof(KubeObject<DestinationRuleSpec>))]
[JsonSerializable(typeof(KubeObject<EnvoyFilterSpec>))]
[JsonSerializable(typeof(KubeObject<CalicoPolicySpec>))]
[JsonSerializable(typeof(KubeObject<ApplicationLayerSpec>))]
[JsonSerializable(typeof(PodTemplateFragment))]
[JsonSerializable(typeof(HelmReleaseSpec))]
[JsonSerializable(typeof(SidecarImages.ImageBuildSpec))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
