using System.Text.Json.Nodes;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.Manifests.IstioControlPlane;

/// <summary>
/// A pinned chart install: everything the Pulumi layer passes to Helm. <see cref="Values"/> stays
/// a JSON tree because a chart's values are the chart's schema, not ours; nothing mutates it
/// after the renderer builds it, and every reader serializes or reads it.
/// </summary>
public sealed record HelmReleaseSpec(string Name, string Chart, string Repository, string Version, string Namespace, JsonObject Values) : IPlanContent;
