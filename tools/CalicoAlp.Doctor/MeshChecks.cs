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
}
