using CalicoAlp.Stacks.Compatibility;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Doctor;

/// <summary>The mesh: ambient Istio from the Tigera operator, the stack's own istiods and revisions, and an Istio it did not install.</summary>
internal static class MeshChecks
{
    public static IEnumerable<CheckResult> All(StackSettings settings, ClusterFacts facts)
    {
        if (settings.Mode != AlpMode.Istio)
        {
            yield break;
        }

        yield return facts.Mesh.TigeraIstio
            ? new("tigera-istio", CheckStatus.Fail, "the Tigera operator's Istio resource (ambient mode)", "mode istio (sidecars)",
                "ALP needs sidecar Istio; delete the operator's Istio resource or use another cluster")
            : CheckResult.Pass("tigera-istio", "no Tigera operator Istio resource", "mode istio (sidecars)");

        foreach (var own in facts.Mesh.Istiods.Where(i => i.ManagedByThisStack))
        {
            yield return InPlaceUpgrade(settings, own);
        }

        foreach (var use in facts.Mesh.Leaving)
        {
            yield return Leaving(use);
        }

        yield return Crds(settings, facts.Mesh);
        yield return ExistingIstio(settings, facts.Mesh);
        yield return MeshMtls(facts.Mesh);
    }

    private static string Istio(IstioSettings istio) =>
        $"istioBase {ConfigSpellings.IstioBases.Spell(istio.Base)}, istioSystemNamespace {ConfigSpellings.Ownerships.Spell(istio.SystemNamespace)}"
        + (istio.ByRevision ? $", istioRevisions {string.Join(", ", istio.Revisions.Select(r => r.Name))}" : $", istio {istio.Version}");

    /// <summary>
    /// Istio's CRDs are the one thing a stack beside another Istio must never own: with istioBase
    /// install they are the stack's base chart, and a destroy deletes them with every Istio object.
    /// Pulumi's field manager is what tells the stack's from another installer's.
    /// </summary>
    private static CheckResult Crds(StackSettings settings, MeshFacts mesh)
    {
        var declared = Istio(settings.Istio);
        return (mesh.Crds, settings.Istio.Base) switch
        {
            (null, IstioBase.Existing) => new("istio-crds", CheckStatus.Fail, "no Istio CRDs", declared,
                "istioBase existing expects the CRDs of an Istio that was there first; there are none: set istioBase install"),
            (null, _) => CheckResult.Pass("istio-crds", "no Istio CRDs yet: the stack's base chart installs them", declared),
            ({ AppliedByPulumi: true }, IstioBase.Existing) => new("istio-crds", CheckStatus.Fail, "Istio's CRDs were applied by Pulumi (a stack's base chart)", declared,
                "if this stack installed them, keep istioBase install: with existing, pulumi up removes the base chart and deletes the CRDs with every Istio object"),
            ({ AppliedByPulumi: true }, _) => CheckResult.Pass("istio-crds", "Istio's CRDs were applied by Pulumi (the stack's base chart)", declared),
            ({ Version: var version }, IstioBase.Existing) => ExistingCrds(settings.Istio, version, declared),
            _ => new("istio-crds", CheckStatus.Fail, "Istio's CRDs exist and Pulumi did not apply them", declared,
                "an Istio was installed before this stack: set istioBase existing so the stack neither takes its CRDs over nor deletes them (see docs/operations.md, beside an existing Istio)"),
        };
    }

    /// <summary>
    /// Istio installs the CRDs of the newest revision first (its canary docs upgrade the base chart
    /// before the new istiod); beside an Istio it did not create, the stack cannot, so their owner must.
    /// </summary>
    private static CheckResult ExistingCrds(IstioSettings istio, string? version, string declared)
    {
        const string Saw = "Istio's CRDs come from an installer other than Pulumi; the stack leaves them alone";
        if (version is null || SemVersion.TryParse(version) is not { } crds)
        {
            return new("istio-crds", CheckStatus.Warn, $"{Saw}; they do not say which Istio release they are from", declared,
                $"make sure they are from Istio {istio.Version} or newer (the base chart labels them app.kubernetes.io/version): an older CRD schema drops fields the newer istiod reads");
        }

        return crds < new SemVersion(istio.Version.Major, istio.Version.Minor, 0)
            ? new("istio-crds", CheckStatus.Fail, $"{Saw}; they are from Istio {version}, older than the stack's newest revision ({istio.Version})", declared,
                $"ask the owner of that Istio to upgrade its base chart (the CRDs) to {istio.Version.MinorText} first, as Istio's canary upgrades do")
            : CheckResult.Pass("istio-crds", $"{Saw}; they are from Istio {version}", declared);
    }

    /// <summary>Which case the cluster is in: no Istio, only the stack's, or an Istio the stack did not create, and whether the stack may sit beside it.</summary>
    private static CheckResult ExistingIstio(StackSettings settings, MeshFacts mesh)
    {
        var istio = settings.Istio;
        var declared = Istio(istio);
        var foreign = mesh.Istiods.Where(i => !i.ManagedByThisStack).ToList();
        if (foreign.Count == 0)
        {
            return CheckResult.Pass("existing-istio", mesh.Istiods.IsEmpty ? "no istiod: a cluster without Istio" : "only istiods Pulumi applied: the stack's own", declared);
        }

        var saw = "an Istio this stack did not install: " + string.Join(", ", foreign.Select(i => $"{i.Namespace}/{i.Name} (revision {i.Revision ?? IstioRevision.RevisionLess}, {i.Image ?? "no image"})"));
        if (!istio.ByRevision || istio.Base != IstioBase.Existing)
        {
            return new("existing-istio", CheckStatus.Fail, saw, declared,
                "install beside it: istioBase existing, istioSystemNamespace existing, istioRevisions with names of the stack's own, and workloads enrolled by tags other than default; the stack then owns only what it creates (docs/operations.md)");
        }

        var problems = new List<string>();
        var theirs = foreign.Select(i => i.Revision ?? IstioRevision.RevisionLess).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(istio.Revisions.Where(r => theirs.Contains(r.Name)).Select(r => $"revision {r.Name} is also theirs"));
        if (theirs.Contains(IstioRevision.RevisionLess) && istio.Tags.ContainsKey(IstioRevision.DefaultTag))
        {
            // Both would answer the legacy labels, and the stack cannot switch off an injector it does not own.
            problems.Add("tag default would answer the legacy labels beside their revision-less istiod's own injector");
        }

        problems.AddRange(mesh.Tags.Where(t => !t.AppliedByPulumi && istio.Tags.ContainsKey(t.Tag)).Select(t => $"tag {t.Tag} exists already and points to {t.Revision ?? "?"}"));
        return problems.Count == 0
            ? CheckResult.Pass("existing-istio", saw + "; the stack installs its own revisions beside it and owns only those", declared)
            : new("existing-istio", CheckStatus.Fail, saw + "; " + string.Join("; ", problems), declared,
                "give the stack's revisions and tags names of their own, and enrol its workloads by those tags");
    }

    /// <summary>The stack creates the mesh-wide PeerAuthentication; one that another installer made would be taken over.</summary>
    private static CheckResult MeshMtls(MeshFacts mesh)
    {
        const string Declared = "istioMtlsMode: the stack creates PeerAuthentication istio-system/default";
        return mesh.MeshMtls is { AppliedByPulumi: false }
            ? new("mesh-mtls", CheckStatus.Fail, "PeerAuthentication istio-system/default exists and Pulumi did not apply it", Declared,
                "the mesh's mTLS setting belongs to whoever made it; agree on one owner: delete it and let istioMtlsMode decide, or run this stack where the mesh's owner accepts that")
            : CheckResult.Pass("mesh-mtls", mesh.MeshMtls is null ? "no mesh-wide PeerAuthentication yet" : "the mesh-wide PeerAuthentication was applied by Pulumi", Declared);
    }

    /// <summary>
    /// The stack moves its istiod in place (the chart's version changes under the same release).
    /// Istio supports that one minor at a time, up or down; a wider move is a canary's job.
    /// </summary>
    private static CheckResult InPlaceUpgrade(StackSettings settings, IstiodFact istiod)
    {
        var id = $"istio-upgrade {istiod.Namespace}/{istiod.Name}";
        var target = settings.Istio.Version;
        if (settings.Istio.ByRevision)
        {
            // Side by side, each istiod moves only within its own revision; one the stack no longer declares goes.
            if (settings.Istio.Revisions.FirstOrDefault(r => r.Name == istiod.Revision) is not { } revision)
            {
                return CheckResult.Pass(id, $"revision {istiod.Revision ?? "default"} is not in istioRevisions: pulumi up removes it", "istioRevisions");
            }

            target = revision.Version;
        }

        var declared = settings.Istio.ByRevision ? $"istioRevisions {istiod.Revision}: {target}" : $"istioVersion {target}";
        if (DoctorChecks.VersionOf(istiod.Image) is not { } running)
        {
            return new(id, CheckStatus.Warn, $"cannot tell istiod's version from its image {istiod.Image ?? "(none)"}", declared,
                "check that istiod runs at most one minor away from istioVersion: Istio moves in place one minor at a time");
        }

        var saw = $"istiod runs {running} ({istiod.Image})";
        var jump = target.Minor - running.Minor;
        if (running.Major != target.Major || Math.Abs(jump) > CompatibilityMatrix.IstioInPlaceMinorSpan)
        {
            var step = new SemVersion(running.Major, running.Minor + Math.Sign(jump), 0);
            return new(id, CheckStatus.Fail, saw, declared,
                $"Istio upgrades and downgrades in place one minor at a time: set {(settings.Istio.ByRevision ? "the revision's version" : "istioVersion")} to {step.MinorText}.x first and pulumi up, then move on, or add a revision beside it");
        }

        return CheckResult.Pass(id, saw + (jump == 0 ? string.Empty : $"; one minor {(jump > 0 ? "up" : "down")}, in place"), declared);
    }

    /// <summary>A revision pulumi up would remove while pods, namespaces or foreign tags still use it.</summary>
    private static CheckResult Leaving(RevisionUse use)
    {
        var id = $"revision-in-use {use.Revision}";
        const string declared = "not in istioRevisions: pulumi up removes it";
        if (!use.InUse)
        {
            return CheckResult.Pass(id, "no pod, namespace or tag uses it", declared);
        }

        var pods = use.Pods.Length == 0 ? string.Empty : $"{use.Pods.Length} pod(s) injected by it or asking for it ({string.Join(", ", use.Pods.Take(3))}{(use.Pods.Length > 3 ? ", …" : string.Empty)})";
        var namespaces = use.Namespaces.Length == 0 ? string.Empty : $"namespace(s) labelled for it: {string.Join(", ", use.Namespaces)}";
        var tags = use.Tags.Length == 0 ? string.Empty : $"tag(s) this stack does not declare still point to it: {string.Join(", ", use.Tags)}";
        return new(id, CheckStatus.Fail, string.Join("; ", new[] { pods, namespaces, tags }.Where(t => t.Length > 0)), declared,
            "keep the revision declared, move every tag off it and let its workloads roll (or relabel those namespaces), then remove it: removing it first leaves those pods without their istiod");
    }
}
