using System.Collections.Immutable;
using System.Text.Json;
using CalicoAlp.Manifests.ApplicationLayer;
using CalicoAlp.Manifests.AuthorizationServices;
using CalicoAlp.Manifests.FelixPolicySync;
using CalicoAlp.Manifests.IstioControlPlane;
using CalicoAlp.Manifests.Kubernetes;
using CalicoAlp.Manifests.SidecarImages;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>
/// Writes every record a plan holds as JSON, field by field in declaration order: camelCase
/// unless the record names the field ([JsonPropertyName]), nulls left out, and a list marked
/// [JsonIgnore(WhenWritingDefault)] left out when absent. The attributes are the contract and
/// System.Text.Json's source generator its reference: a test writes every record with every
/// field set, and with every optional one left out, through both and compares the bytes. By hand
/// because the generated serializer's first use builds its property names through the default
/// JSON encoder, whose static constructor alone was a sixth of the native alp's check.
/// </summary>
internal static partial class ManifestJson
{
    /// <summary>A plan item's content or the injector's pod template; false for any other type.</summary>
    public static bool TryWrite(Utf8JsonWriter w, object value)
    {
        switch (value)
        {
            case KubeObject<NoSpec> v: KubeObject(w, v, static (w, _) => { w.WriteStartObject(); w.WriteEndObject(); }); return true;
            case KubeObject<WorkloadPatchSpec> v: KubeObject(w, v, static (w, s) => Object(w, s, static (w, s) => Field(w, "template", s.Template, PodTemplate))); return true;
            case KubeObject<FelixPolicySyncSpec> v: KubeObject(w, v, static (w, s) => Object(w, s, static (w, s) => Field(w, "policySyncPathPrefix", s.PolicySyncPathPrefix))); return true;
            case KubeObject<PeerAuthenticationSpec> v: KubeObject(w, v, PeerAuthentication); return true;
            case KubeObject<ServiceEntrySpec> v: KubeObject(w, v, ServiceEntry); return true;
            case KubeObject<DestinationRuleSpec> v: KubeObject(w, v, DestinationRule); return true;
            case KubeObject<EnvoyFilterSpec> v: KubeObject(w, v, EnvoyFilter); return true;
            case KubeObject<CalicoPolicySpec> v: KubeObject(w, v, CalicoPolicy); return true;
            case KubeObject<ApplicationLayerSpec> v: KubeObject(w, v, ApplicationLayer); return true;
            case PodTemplateFragment v: PodTemplate(w, v); return true;
            case HelmReleaseSpec v: HelmRelease(w, v); return true;
            case ImageBuildSpec v: ImageBuild(w, v); return true;
            default: return false;
        }
    }

    private static void KubeObject<TSpec>(Utf8JsonWriter w, KubeObject<TSpec> value, Action<Utf8JsonWriter, TSpec> spec)
        where TSpec : class
    {
        w.WriteStartObject();
        Field(w, "apiVersion", value.ApiVersion);
        Field(w, "kind", value.Kind);
        Field(w, "metadata", value.Metadata, static (w, m) => Object(w, m, static (w, m) =>
        {
            Field(w, "name", m.Name);
            Field(w, "namespace", m.Namespace);
            Field(w, "labels", m.Labels);
            Field(w, "annotations", m.Annotations);
        }));
        Field(w, "spec", value.Spec, spec);
        w.WriteEndObject();
    }

    private static void PeerAuthentication(Utf8JsonWriter w, PeerAuthenticationSpec spec) =>
        Object(w, spec, static (w, s) => Field(w, "mtls", s.Mtls, static (w, m) => Object(w, m, static (w, m) => Field(w, "mode", m.Mode))));

    private static void ApplicationLayer(Utf8JsonWriter w, ApplicationLayerSpec spec) => Object(w, spec, static (w, s) =>
    {
        Field(w, "sidecarInjection", s.SidecarInjection);
        Field(w, "applicationLayerPolicy", s.ApplicationLayerPolicy);
        Field(w, "webApplicationFirewall", s.WebApplicationFirewall);
        Field(w, "logCollection", s.LogCollection, static (w, l) => Object(w, l, static (w, l) =>
        {
            Field(w, "collectLogs", l.CollectLogs);
            Field(w, "logIntervalSeconds", l.LogIntervalSeconds);
            Field(w, "logRequestsPerInterval", l.LogRequestsPerInterval);
        }));
        Field(w, "envoy", s.Envoy, static (w, e) => Object(w, e, static (w, e) =>
        {
            Field(w, "xffNumTrustedHops", e.XffNumTrustedHops);
            if (e.UseRemoteAddress is { } useRemoteAddress)
            {
                w.WriteBoolean("useRemoteAddress", useRemoteAddress);
            }
        }));
    });

    private static void HelmRelease(Utf8JsonWriter w, HelmReleaseSpec spec) => Object(w, spec, static (w, s) =>
    {
        Field(w, "name", s.Name);
        Field(w, "chart", s.Chart);
        Field(w, "repository", s.Repository);
        Field(w, "version", s.Version);
        Field(w, "namespace", s.Namespace);
        Field(w, "values", s.Values, static (w, v) => v.WriteTo(w));
    });

    private static void ImageBuild(Utf8JsonWriter w, ImageBuildSpec spec) => Object(w, spec, static (w, s) =>
    {
        Field(w, "name", s.Name);
        Field(w, "context", s.Context);
        Field(w, "dockerfile", s.Dockerfile);
        Field(w, "buildArgs", s.BuildArgs);
        List(w, "platforms", s.Platforms);
        List(w, "tags", s.Tags);
        Field(w, "registryAddress", s.RegistryAddress);
        Field(w, "cacheRef", s.CacheRef);
        Field(w, "builder", s.Builder);
        w.WriteBoolean("push", s.Push);
        w.WriteBoolean("buildOnPreview", s.BuildOnPreview);
        Field(w, "placeholder", s.Placeholder);
    });

    // The rules every record above and in the other parts follows.

    private static void Object<T>(Utf8JsonWriter w, T value, Action<Utf8JsonWriter, T> fields)
    {
        w.WriteStartObject();
        fields(w, value);
        w.WriteEndObject();
    }

    private static void Field(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Field(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } number)
        {
            w.WriteNumber(name, number);
        }
    }

    private static void Field(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } flag)
        {
            w.WriteBoolean(name, flag);
        }
    }

    private static void Field<T>(Utf8JsonWriter w, string name, T? value, Action<Utf8JsonWriter, T> write)
        where T : class
    {
        if (value is not null)
        {
            w.WritePropertyName(name);
            write(w, value);
        }
    }

    private static void Field(Utf8JsonWriter w, string name, ImmutableSortedDictionary<string, string>? map)
    {
        if (map is null)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    /// <summary>A list that is always written (its record has no [JsonIgnore] on it).</summary>
    private static void List(Utf8JsonWriter w, string name, ImmutableArray<string> values) => List(w, name, values, static (w, v) => w.WriteStringValue(v));

    private static void List<T>(Utf8JsonWriter w, string name, ImmutableArray<T> values, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            write(w, value);
        }

        w.WriteEndArray();
    }

    /// <summary>A list marked [JsonIgnore(WhenWritingDefault)]: left out when absent, [] when empty.</summary>
    private static void Optional(Utf8JsonWriter w, string name, ImmutableArray<string> values) => Optional(w, name, values, static (w, v) => w.WriteStringValue(v));

    private static void Optional<T>(Utf8JsonWriter w, string name, ImmutableArray<T> values, Action<Utf8JsonWriter, T> write)
    {
        if (!values.IsDefault)
        {
            List(w, name, values, write);
        }
    }
}
