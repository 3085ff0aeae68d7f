using System.Text.Json;
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
internal sealed partial class ManifestJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Writes a root record with its generated serialize handler itself, the code the fast path runs
    /// once it has the root's type info. Building that type info is what costs: the serializer reads
    /// each root type's custom attributes for polymorphism (through metadata, about 0.1 M instructions
    /// a type in the native alp) and half the serializing of a render went there. The handlers are
    /// the generator's own members of this partial class, so a rename fails the build, not a render.
    /// </summary>
    /// <returns>False for a type not listed here; the caller then goes through its type info.</returns>
    public bool TryWriteRoot(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case KubeObject<NoSpec> v: KubeObjectNoSpecSerializeHandler(writer, v); return true;
            case KubeObject<WorkloadPatchSpec> v: KubeObjectWorkloadPatchSpecSerializeHandler(writer, v); return true;
            case KubeObject<FelixPolicySyncSpec> v: KubeObjectFelixPolicySyncSpecSerializeHandler(writer, v); return true;
            case KubeObject<PeerAuthenticationSpec> v: KubeObjectPeerAuthenticationSpecSerializeHandler(writer, v); return true;
            case KubeObject<ServiceEntrySpec> v: KubeObjectServiceEntrySpecSerializeHandler(writer, v); return true;
            case KubeObject<DestinationRuleSpec> v: KubeObjectDestinationRuleSpecSerializeHandler(writer, v); return true;
            case KubeObject<EnvoyFilterSpec> v: KubeObjectEnvoyFilterSpecSerializeHandler(writer, v); return true;
            case KubeObject<CalicoPolicySpec> v: KubeObjectCalicoPolicySpecSerializeHandler(writer, v); return true;
            case KubeObject<ApplicationLayerSpec> v: KubeObjectApplicationLayerSpecSerializeHandler(writer, v); return true;
            case PodTemplateFragment v: PodTemplateFragmentSerializeHandler(writer, v); return true;
            case HelmReleaseSpec v: HelmReleaseSpecSerializeHandler(writer, v); return true;
            case SidecarImages.ImageBuildSpec v: ImageBuildSpecSerializeHandler(writer, v); return true;
            default: return false;
        }
    }
}
