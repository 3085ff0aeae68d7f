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
            case KubeObject<CalicoPolicySpec> v: WriteCalicoPolicy(writer, v); return true;
            case KubeObject<ApplicationLayerSpec> v: KubeObjectApplicationLayerSpecSerializeHandler(writer, v); return true;
            case PodTemplateFragment v: PodTemplateFragmentSerializeHandler(writer, v); return true;
            case HelmReleaseSpec v: WriteHelmRelease(writer, v); return true;
            case SidecarImages.ImageBuildSpec v: ImageBuildSpecSerializeHandler(writer, v); return true;
            default: return false;
        }
    }

    /// <summary>
    /// The generated handler's fields in its order, but the chart values (a JsonObject) written by
    /// the node itself: the handler sends them through a JsonObject type info, whose creation (the
    /// first, with the serializer's reflection set-up) was about a twentieth of a native render.
    /// </summary>
    private static void WriteHelmRelease(Utf8JsonWriter writer, HelmReleaseSpec spec)
    {
        writer.WriteStartObject();
        WriteSet(writer, PropName_name, spec.Name);
        WriteSet(writer, PropName_chart, spec.Chart);
        WriteSet(writer, PropName_repository, spec.Repository);
        WriteSet(writer, PropName_version, spec.Version);
        WriteSet(writer, PropName_namespace, spec.Namespace);
        if (spec.Values is not null)
        {
            writer.WritePropertyName(PropName_values);
            spec.Values.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// The generated handlers' fields in their order, but the policy's order (a double?) written as the
    /// number it is: the handler sends it through a Nullable&lt;double&gt; type info, the last one a
    /// render built, and with it the serializer's reflection set-up.
    /// </summary>
    private void WriteCalicoPolicy(Utf8JsonWriter writer, KubeObject<CalicoPolicySpec> policy)
    {
        writer.WriteStartObject();
        WriteSet(writer, PropName_apiVersion, policy.ApiVersion);
        WriteSet(writer, PropName_kind, policy.Kind);
        if (policy.Metadata is not null)
        {
            writer.WritePropertyName(PropName_metadata);
            ObjectMetaSerializeHandler(writer, policy.Metadata);
        }

        if (policy.Spec is { } spec)
        {
            writer.WritePropertyName(PropName_spec);
            writer.WriteStartObject();
            if (spec.Order is { } order)
            {
                writer.WriteNumber(PropName_order, order);
            }

            WriteSet(writer, PropName_selector, spec.Selector);
            writer.WritePropertyName(PropName_types);
            ImmutableArrayStringSerializeHandler(writer, spec.Types);
            if (!spec.Ingress.IsDefault)
            {
                writer.WritePropertyName(PropName_ingress);
                ImmutableArrayCalicoRuleSerializeHandler(writer, spec.Ingress);
            }

            if (!spec.Egress.IsDefault)
            {
                writer.WritePropertyName(PropName_egress);
                ImmutableArrayCalicoRuleSerializeHandler(writer, spec.Egress);
            }

            WriteSet(writer, PropName_namespaceSelector, spec.NamespaceSelector);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteSet(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
