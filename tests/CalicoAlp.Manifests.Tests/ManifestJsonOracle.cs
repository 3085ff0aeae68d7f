using System.Text.Json.Serialization;
using CalicoAlp.Manifests.ApplicationLayer;
using CalicoAlp.Manifests.AuthorizationServices;
using CalicoAlp.Manifests.FelixPolicySync;
using CalicoAlp.Manifests.IstioControlPlane;
using CalicoAlp.Manifests.Kubernetes;

namespace CalicoAlp.Manifests.Tests;

/// <summary>
/// System.Text.Json's source generator over the records, with the options the records' attributes
/// are written for: the reference <see cref="Serialization.ManifestJson"/> is compared with.
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
internal sealed partial class ManifestJsonOracle : JsonSerializerContext;
