using System.Text.Json.Nodes;

namespace CalicoAlp.Manifests.IstioControlPlane;

/// <summary>A pinned chart install: everything the Pulumi layer passes to Helm, values included.</summary>
public sealed record HelmReleaseSpec(string Name, string Chart, string Repository, string Version, string Namespace, JsonObject Values);
