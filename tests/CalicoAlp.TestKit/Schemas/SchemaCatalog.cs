using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CalicoAlp.Tests.Support;
using NJsonSchema;

namespace CalicoAlp.TestKit.Schemas;

/// <summary>The CRD sets an object is validated against: the folders of tests/schemas for the versions a stack pins.</summary>
public sealed record SchemaSets(string Calico, string Istio)
{
    public const string Operator = "tigera-operator/v1.42.4";

    /// <summary>The newest sets; what a test uses when no stack names its versions.</summary>
    public static SchemaSets Newest { get; } = new("calico/v3.33", "istio/1.31");

    /// <summary>
    /// The sets of the lines a stack pins: Calico v3.33 and later against the v3.33 CRDs, older
    /// lines (and Calico Enterprise, which the v1.42.4 operator pairs with v3.32.1) against v3.32.1;
    /// Istio 1.31 and later against 1.31, older minors against 1.30.3.
    /// </summary>
    public static SchemaSets For(CalicoAlp.Stacks.Settings.StackSettings settings) => new(
        settings.Mode == CalicoAlp.Stacks.Settings.AlpMode.Istio && settings.Calico.Version >= new CalicoAlp.Stacks.Settings.SemVersion(3, 33, 0) ? "calico/v3.33" : "calico/v3.32.1",
        settings.Istio.Version >= new CalicoAlp.Stacks.Settings.SemVersion(1, 31, 0) ? "istio/1.31" : "istio/1.30.3");

    public IEnumerable<string> All => [Calico, Istio, Operator];
}

/// <summary>
/// Strict validation of rendered objects against the upstream schemas in tests/schemas (a copy of
/// shared/schemas): Kubernetes 1.35 OpenAPI, and the CRDs of the Calico line (both API groups),
/// the Istio minor and the Tigera operator a stack pins (<see cref="SchemaSets"/>), by the rules
/// the API server enforces beyond them (<see cref="ApiServerRules"/>) and by the CRDs' CEL rules
/// (<see cref="CelRules"/>). Patches are
/// validated with required fields relaxed.
/// </summary>
public sealed class SchemaCatalog
{
    private const string ObjectMetaComponent = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private const string CoreDocument = "kubernetes/v1.35/api__v1_openapi.json";

    private readonly Dictionary<string, Func<bool, JsonObject>> _sources = new(StringComparer.Ordinal);
    private readonly HashSet<string> _crdKinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _celSchemas = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _schemas = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _documents = new(StringComparer.Ordinal);

    public SchemaCatalog()
    {
        var root = RepoPaths.Schemas;
        foreach (var file in Directory.GetFiles(Path.Combine(root, "kubernetes", "v1.35"), "*.json"))
        {
            IndexOpenApi(Path.GetRelativePath(root, file));
        }

        foreach (var file in Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            // The set is the file's first two folders, e.g. calico/v3.33.
            var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
            var set = $"{parts[0]}/{parts[1]}";
            foreach (var doc in YamlJson.Documents(File.ReadAllText(file)).OfType<JsonObject>())
            {
                IndexCrd(set, doc);
            }
        }
    }

    public IEnumerable<string> Kinds => _sources.Keys;

    /// <summary>Every problem with <paramref name="obj"/> against the newest CRD sets; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(JsonObject obj, bool patch) => Validate(obj, patch, SchemaSets.Newest);

    /// <summary>Every problem with <paramref name="obj"/> against the CRDs of <paramref name="sets"/>; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(JsonObject obj, bool patch, SchemaSets sets)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? "(none)";
        var kind = obj["kind"]?.GetValue<string>() ?? "(none)";
        var key = sets.All.Select(set => $"{set}|{apiVersion}/{kind}").FirstOrDefault(_sources.ContainsKey) ?? $"{apiVersion}/{kind}";
        if (!_sources.ContainsKey(key))
        {
            return [$"no upstream schema for {apiVersion}/{kind}"];
        }

        var errors = Run(key, patch, obj).ToList();
        errors.AddRange(ApiServerRules.Check(obj, Schema(key, patch)));
        if (_celSchemas.TryGetValue(key, out var celSchema))
        {
            errors.AddRange(CelRules.Check(obj, celSchema));
        }
        if (_crdKinds.Contains(key) && obj["metadata"] is JsonObject metadata)
        {
            // CRD schemas leave metadata open; the apiserver checks it as ObjectMeta.
            errors.AddRange(Run("meta/ObjectMeta", false, metadata).Select(e => "metadata: " + e));
        }

        return errors;
    }

    /// <summary>The schema of a kind as transformed for validation, built once.</summary>
    private JsonObject Schema(string key, bool relaxed) => _schemas.GetOrAdd($"{key}|{relaxed}", _ => _sources[key](relaxed));

    private IEnumerable<string> Run(string key, bool relaxed, JsonObject value)
    {
        var schema = _compiled.GetOrAdd($"{key}|{relaxed}", _ =>
            JsonSchema.FromJsonAsync(Schema(key, relaxed).ToJsonString()).GetAwaiter().GetResult());
        return schema.Validate(value.ToJsonString()).SelectMany(Flatten);
    }

    private static IEnumerable<string> Flatten(NJsonSchema.Validation.ValidationError error) =>
        error is NJsonSchema.Validation.ChildSchemaValidationError child && child.Errors.Count > 0
            ? child.Errors.SelectMany(e => e.Value).SelectMany(Flatten)
            : [$"{error.Path}: {error.Kind}"];

    private void IndexOpenApi(string relative)
    {
        var document = Document(relative);
        foreach (var (name, node) in (JsonObject)document["components"]!["schemas"]!)
        {
            if (node?["x-kubernetes-group-version-kind"] is JsonArray gvks)
            {
                foreach (var gvk in gvks.OfType<JsonObject>())
                {
                    var group = gvk["group"]!.GetValue<string>();
                    var version = gvk["version"]!.GetValue<string>();
                    var apiVersion = group.Length == 0 ? version : $"{group}/{version}";
                    _sources.TryAdd($"{apiVersion}/{gvk["kind"]!.GetValue<string>()}", relaxed => OpenApiSchema(relative, name, relaxed));
                }
            }
        }

        if (relative == CoreDocument)
        {
            _sources["meta/ObjectMeta"] = relaxed => OpenApiSchema(relative, ObjectMetaComponent, relaxed);
        }
    }

    private JsonObject Document(string relative) =>
        _documents.GetOrAdd(relative, r => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Schemas, r)))!);

    private JsonObject OpenApiSchema(string relative, string component, bool relaxed)
    {
        var root = new JsonObject
        {
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/definitions/" + component }),
            ["definitions"] = Document(relative)["components"]!["schemas"]!.DeepClone(),
        };
        SchemaTransforms.Apply(root, strict: true, relaxRequired: relaxed);
        return root;
    }

    private void IndexCrd(string set, JsonObject crd)
    {
        if (crd["kind"]?.GetValue<string>() != "CustomResourceDefinition")
        {
            return;
        }

        var group = crd["spec"]!["group"]!.GetValue<string>();
        var kind = crd["spec"]!["names"]!["kind"]!.GetValue<string>();
        foreach (var version in crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>())
        {
            var schema = version["schema"]?["openAPIV3Schema"] as JsonObject;
            if (schema is null)
            {
                continue;
            }

            var key = $"{set}|{group}/{version["name"]!.GetValue<string>()}/{kind}";
            _crdKinds.Add(key);
            _celSchemas[key] = schema;
            _sources[key] = relaxed =>
            {
                var copy = (JsonObject)schema.DeepClone();
                var properties = copy["properties"] as JsonObject ?? [];
                copy["properties"] = properties;
                // The apiserver always accepts these three, whatever the CRD declares.
                properties["apiVersion"] ??= new JsonObject { ["type"] = "string" };
                properties["kind"] ??= new JsonObject { ["type"] = "string" };
                properties["metadata"] ??= new JsonObject { ["type"] = "object" };
                SchemaTransforms.Apply(copy, strict: true, relaxRequired: relaxed);
                return copy;
            };
        }
    }
}
