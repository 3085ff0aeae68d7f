using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Doctor;

/// <summary>The mesh: ambient Istio from the Tigera operator, and an istiod this stack did not install.</summary>
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

        var foreign = facts.Mesh.Istiods.Where(i => !i.ManagedByThisStack).ToList();
        var declared = $"istioSystemNamespace {(settings.Istio.SystemNamespace == NamespaceOwnership.Create ? "create" : "existing")}, istio {settings.Istio.Version}";
        if (foreign.Count == 0)
        {
            yield return CheckResult.Pass("existing-istio", facts.Mesh.Istiods.IsEmpty ? "no istiod" : "only this stack's istiod", declared);
            yield break;
        }

        var saw = string.Join(", ", foreign.Select(i => $"{i.Namespace}/{i.Name} (revision {i.Revision ?? "default"}, {i.Image ?? "no image"})"));
        // The stack installs Istio's base chart (the CRDs) with its istiod: beside an Istio it did not
        // create it would take those CRDs over, and a destroy would delete them with every Istio object.
        yield return new("existing-istio", CheckStatus.Fail, "an istiod this stack did not install: " + saw, declared,
            "installing beside an Istio the stack did not create is not supported yet (the stack would take over Istio's CRDs, and a destroy would delete them); remove that Istio first, or use a cluster without one");
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
        if (running.Major != target.Major || Math.Abs(jump) > 1)
        {
            var step = new SemVersion(running.Major, running.Minor + Math.Sign(jump), 0);
            return new(id, CheckStatus.Fail, saw, declared,
                $"Istio upgrades and downgrades in place one minor at a time: set {(settings.Istio.ByRevision ? "the revision's version" : "istioVersion")} to {step.MinorText}.x first and pulumi up, then move on, or add a revision beside it");
        }

        return CheckResult.Pass(id, saw + (jump == 0 ? string.Empty : $"; one minor {(jump > 0 ? "up" : "down")}, in place"), declared);
    }

    /// <summary>A revision pulumi up would remove while pods still run its sidecars or namespaces still name it.</summary>
    private static CheckResult Leaving(RevisionUse use)
    {
        var id = $"revision-in-use {use.Revision}";
        const string declared = "not in istioRevisions: pulumi up removes it";
        if (!use.InUse)
        {
            return CheckResult.Pass(id, "no pod, namespace or tag uses it", declared);
        }

        var pods = use.Pods.Length == 0 ? string.Empty : $"{use.Pods.Length} pod(s) still run its sidecars ({string.Join(", ", use.Pods.Take(3))}{(use.Pods.Length > 3 ? ", …" : string.Empty)})";
        var namespaces = use.Namespaces.Length == 0 ? string.Empty : $"namespace(s) labelled for it: {string.Join(", ", use.Namespaces)}";
        var tags = use.Tags.Length == 0 ? string.Empty : $"tag(s) this stack does not declare still point to it: {string.Join(", ", use.Tags)}";
        return new(id, CheckStatus.Fail, string.Join("; ", new[] { pods, namespaces, tags }.Where(t => t.Length > 0)), declared,
            "keep the revision declared, move every tag off it and let its workloads roll (or relabel those namespaces), then remove it: removing it first leaves those pods without their istiod");
    }
}
