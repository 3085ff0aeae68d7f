using System.Collections.Immutable;
using System.Text.Json;
using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Settings;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Stacks.Loading;

/// <summary>
/// istioRevisions and istioTags: Istio revisions side by side and the tags workloads enrol by, so
/// that an upgrade moves a tag from one revision to the next instead of istiod in place.
/// </summary>
internal static class IstioRevisionsReader
{
    public static IstioSettings Read(ConfigReader reader, IstioSettings istio)
    {
        var revisions = ImmutableArray.CreateBuilder<IstioRevision>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var items = reader.ListItems(ConfigKeys.IstioRevisions).ToList();
        foreach (var (element, path) in items)
        {
            var fields = new JsonFields(reader, element, path, ConfigFields.IstioRevision);
            if (!fields.CheckShape())
            {
                continue;
            }

            var name = fields.String("name", required: true);
            var versionText = fields.String("version", required: true);
            var istiodDigest = fields.String("istiodImageDigest");
            var proxyDigest = fields.String("proxyImageDigest");
            // Any label, "default" included: here it names the revision-less istiod (Names.IsRevision keeps it out of istioRevision).
            if (name is not null && !Names.IsLabel(name))
            {
                reader.Error($"{path}.name", $"'{ConfigReader.Abbreviate(name)}' is not allowed; expected a DNS-1123 label, e.g. 1-31-0, or default for the revision-less istiod");
                name = null;
            }
            else if (name is not null && !names.Add(name))
            {
                reader.Error($"{path}.name", $"'{name}' is listed more than once");
                name = null;
            }

            SemVersion? version = null;
            if (versionText is not null)
            {
                version = SemVersion.TryParse(versionText);
                if (version is null || versionText.StartsWith('v'))
                {
                    reader.Error($"{path}.version", $"'{ConfigReader.Abbreviate(versionText)}' is not allowed; expected an Istio release such as 1.31.0");
                    version = null;
                }
                else if (Problem(version.Value) is { } problem)
                {
                    reader.Error($"{path}.version", problem);
                }
            }

            if (name is not null && version is { } v)
            {
                revisions.Add(new IstioRevision(name, v, istiodDigest, proxyDigest));
            }
        }

        var tags = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (reader.Json(ConfigKeys.IstioTags, JsonValueKind.Object) is { } tagMap)
        {
            foreach (var tag in tagMap.EnumerateObject())
            {
                var path = $"{ConfigReader.PathOf(ConfigKeys.IstioTags)}.{tag.Name}";
                if (!Names.IsLabel(tag.Name))
                {
                    reader.Error(path, $"'{ConfigReader.Abbreviate(tag.Name)}' is not a tag name; expected a DNS-1123 label, e.g. prod-stable");
                }
                else if (tag.Value.ValueKind != JsonValueKind.String)
                {
                    reader.Error(path, "expected the name of a revision in istioRevisions");
                }
                else
                {
                    tags[tag.Name] = tag.Value.GetString()!;
                }
            }
        }

        var ordered = revisions.OrderBy(r => r.Version).ThenBy(r => r.Name, StringComparer.Ordinal).ToImmutableArray();
        Check(reader, istio, ordered, tags.ToImmutable(), revisions.Count == items.Count);
        return istio with { Revisions = ordered, Tags = tags.ToImmutable() };
    }

    /// <summary>What is wrong with running a revision at <paramref name="version"/>, beyond what istioVersion's rules say of the newest.</summary>
    private static string? Problem(SemVersion version) =>
        CompatibilityMatrix.RefusedIstio.Contains(version) ? $"Istio {version} is refused (see istioVersion's rule istio-refused-patch); use a later patch"
        : version < CompatibilityMatrix.MinimumIstio ? $"Istio {version} is below the minimum {CompatibilityMatrix.MinimumIstio.MinorText} for the Dikastes injection templates"
        : CompatibilityMatrix.IstioRelease(version) is null ? $"Istio {version.MinorText} is not a minor this calico-alp has read in source; use one from 1.{CompatibilityMatrix.MinimumIstio.Minor} to 1.{CompatibilityMatrix.NewestIstio.Minor}"
        : null;

    private static void Check(ConfigReader reader, IstioSettings istio, ImmutableArray<IstioRevision> revisions, ImmutableSortedDictionary<string, string> tags, bool allRead)
    {
        var revisionsPath = ConfigReader.PathOf(ConfigKeys.IstioRevisions);
        var basePath = ConfigReader.PathOf(ConfigKeys.IstioBase);
        if (istio.Base == IstioBase.Existing)
        {
            // Beside an Istio it did not create, the stack adds revisions of its own and nothing under that Istio's names.
            if (revisions.IsEmpty && allRead)
            {
                reader.Error(basePath, "'existing' needs istioRevisions: beside an Istio the stack did not create, it installs revisions of its own names, never the revision-less istiod");
            }

            if (istio.SystemNamespace == NamespaceOwnership.Create)
            {
                reader.Error(ConfigReader.PathOf(ConfigKeys.IstioSystemNamespace), "'create' is not allowed with istioBase existing: the Istio that was there first has istio-system; set existing");
            }

            if (revisions.Any(r => r.IsRevisionLess))
            {
                reader.Error(revisionsPath, "revision default is the revision-less istiod, which is not this stack's with istioBase existing; name the stack's revisions, e.g. 1-31-0-alp");
            }
        }

        if (revisions.IsEmpty)
        {
            if (!tags.IsEmpty)
            {
                reader.Error(ConfigReader.PathOf(ConfigKeys.IstioTags), "needs istioRevisions: a tag points to one of them");
            }

            return;
        }

        if (istio.Revision is not null)
        {
            reader.Error(ConfigReader.PathOf(ConfigKeys.IstioRevision), "must be empty with istioRevisions, which names every revision itself");
        }

        var newest = revisions[^1];
        if (allRead && newest.Version != istio.Version)
        {
            reader.Error(ConfigReader.PathOf(ConfigKeys.IstioVersion),
                $"'{istio.Version}' must be the newest revision's version ({newest.Name}: {newest.Version}) with istioRevisions: the base chart (the CRDs) and the version rules follow it");
        }

        if (newest.Version.Minor - revisions[0].Version.Minor > CompatibilityMatrix.IstioCanaryMinorSpan)
        {
            reader.Error(revisionsPath,
                $"revisions {revisions[0].Name} ({revisions[0].Version}) and {newest.Name} ({newest.Version}) are more than {CompatibilityMatrix.IstioCanaryMinorSpan} Istio minors apart; Istio's canary upgrades go at most {CompatibilityMatrix.IstioCanaryMinorSpan} minors at a time");
        }

        if (tags.IsEmpty)
        {
            reader.Error(ConfigReader.PathOf(ConfigKeys.IstioTags), "empty; with istioRevisions, workloads enrol by a tag, e.g. {prod-stable: " + newest.Name + "}");
        }

        var names = revisions.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Contains(IstioRevision.RevisionLess) && !tags.ContainsKey(IstioRevision.DefaultTag))
        {
            reader.Error($"{ConfigReader.PathOf(ConfigKeys.IstioTags)}.{IstioRevision.DefaultTag}",
                "missing; with the revision-less istiod (default) in istioRevisions, tag default says which revision answers the legacy labels (istio-injection, sidecar.istio.io/inject): default itself, or the revision to move them to");
        }

        foreach (var (tag, revision) in tags)
        {
            // Tag default and the revision-less istiod share Istio's name for it: the tag answers the same labels.
            if (names.Contains(tag) && tag != IstioRevision.DefaultTag)
            {
                reader.Error($"{ConfigReader.PathOf(ConfigKeys.IstioTags)}.{tag}", $"'{tag}' is also a revision's name; a tag needs a name of its own");
            }
            else if (!names.Contains(revision))
            {
                reader.Error($"{ConfigReader.PathOf(ConfigKeys.IstioTags)}.{tag}",
                    $"points to revision '{ConfigReader.Abbreviate(revision)}', which istioRevisions does not declare ({string.Join(", ", names.Order(StringComparer.Ordinal))}); move the tag first, remove the revision after");
            }
        }
    }

    /// <summary>
    /// With revisions, every meshed namespace names the tag it enrols by (or a revision, to canary
    /// ahead of its tag), and each revision carries its own image pins, checked against its own
    /// version; without, no namespace names one.
    /// </summary>
    public static IstioSettings CheckUse(ConfigReader reader, AlpMode mode, IstioSettings istio, ImmutableArray<MeshNamespace> namespaces, ImageSettings images)
    {
        for (var i = 0; i < namespaces.Length; i++)
        {
            var ns = namespaces[i];
            var path = $"{ConfigReader.PathOf(ConfigKeys.Namespaces)}[{i}].istioTag";
            if (!istio.ByRevision || mode != AlpMode.Istio)
            {
                if (ns.IstioTag is not null)
                {
                    reader.Error(path, "is only for istio mode with istioRevisions, where workloads enrol by a revision tag");
                }
            }
            else if (ns.IstioTag is null)
            {
                reader.Error(path, $"missing; with istioRevisions each namespace enrols by a tag of istioTags ({string.Join(", ", istio.Tags.Keys)})");
            }
            else if (istio.RevisionFor(ns.IstioTag) is null)
            {
                reader.Error(path, $"'{ConfigReader.Abbreviate(ns.IstioTag)}' is neither a tag of istioTags ({string.Join(", ", istio.Tags.Keys)}) nor a revision of istioRevisions ({string.Join(", ", istio.Revisions.Select(r => r.Name))})");
            }

            var pinsPath = $"{ConfigReader.PathOf(ConfigKeys.Namespaces)}[{i}].istioPins";
            foreach (var (workload, revision) in ns.IstioPins)
            {
                if (!istio.ByRevision || mode != AlpMode.Istio)
                {
                    reader.Error($"{pinsPath}.{workload}", "is only for istio mode with istioRevisions, where a workload can run a revision ahead of its tag");
                }
                else if (!istio.Revisions.Any(r => r.Name == revision))
                {
                    reader.Error($"{pinsPath}.{workload}", $"'{ConfigReader.Abbreviate(revision)}' is not a revision of istioRevisions ({string.Join(", ", istio.Revisions.Select(r => r.Name))}); a pin names a revision, not a tag");
                }
                else if (revision == IstioRevision.RevisionLess)
                {
                    reader.Error($"{pinsPath}.{workload}", "'default' cannot be pinned: istio.io/rev=default is answered by tag default, wherever it points");
                }
            }
        }

        if (!istio.ByRevision || mode != AlpMode.Istio)
        {
            return istio;
        }

        if (images.Source == ImageSource.Build)
        {
            reader.Error(ConfigReader.PathOf(ConfigKeys.ImageSource),
                "'build' is not allowed with istioRevisions: a build makes one istio-proxy image for istioVersion, and each revision runs its own; use upstream, or prebuilt with each revision's proxyImageDigest");
        }

        foreach (var (key, value) in new[] { (ConfigKeys.ProxyImageDigest, images.ProxyDigest), (ConfigKeys.IstiodImageDigest, images.IstiodDigest) })
        {
            if (value is not null)
            {
                reader.Error(ConfigReader.PathOf(key), $"'{ConfigReader.Abbreviate(value)}' is not used with istioRevisions, where each revision pins its own Istio images: move it to istioRevisions[].{key}");
            }
        }

        // Prebuilt images are ours, tagged <version>-<suffix>; upstream ones carry the bare release.
        var prebuilt = images.Source == ImageSource.Prebuilt;
        var checkedRevisions = ImmutableArray.CreateBuilder<IstioRevision>();
        foreach (var (revision, path) in WithPaths(reader, istio))
        {
            string? Pin(string field, string? value) => value is null ? null
                : ImageSettingsReader.TaggedDigest(reader, $"{path}.{field}", $"{path}.{field}", value, revision.Version.ToString(), exact: !prebuilt);
            var one = revision with { IstiodDigest = Pin("istiodImageDigest", revision.IstiodDigest), ProxyDigest = Pin("proxyImageDigest", revision.ProxyDigest) };
            if (prebuilt && revision.ProxyDigest is null)
            {
                reader.Error($"{path}.proxyImageDigest", $"missing; imageSource prebuilt needs each revision's istio-proxy image digest ({revision.Version}-<suffix>@sha256:...)");
            }

            checkedRevisions.Add(one);
        }

        return istio with { Revisions = checkedRevisions.ToImmutable() };
    }

    /// <summary>Each revision with the config path of the item that declares it (revisions are sorted by version, errors name the item as written).</summary>
    public static IEnumerable<(IstioRevision Revision, string Path)> WithPaths(ConfigReader reader, IstioSettings istio)
    {
        var declared = reader.ListItems(ConfigKeys.IstioRevisions)
            .Where(item => item.Element.ValueKind == JsonValueKind.Object && item.Element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            .GroupBy(item => item.Element.GetProperty("name").GetString()!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Path, StringComparer.Ordinal);
        return istio.Revisions.Select(r => (r, declared[r.Name]));
    }
}
