using System.Globalization;
using System.Text;
using CalicoAlp.Manifests.Planning;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Cli;

/// <summary>The one-screen summary `alp check` prints.</summary>
internal static class Summary
{
    public static string For(Plan plan)
    {
        var s = plan.Settings;
        var text = new StringBuilder();
        void Line(string label, string value) => text.Append(CultureInfo.InvariantCulture, $"  {label,-15} {value}\n");

        text.Append(CultureInfo.InvariantCulture, $"stack '{s.StackName}' is valid\n");
        Line("environment", s.Environment == DeploymentEnvironment.Production
            ? "production (guardrails on" + (s.GuardrailOverrides.IsEmpty ? ")" : $"; relaxed: {string.Join(", ", s.GuardrailOverrides.Select(g => ConfigSpellings.GuardrailOverrides.Spell(g)))})")
            : "non-production (guardrails off)");
        Line("mode", ConfigSpellings.Modes.Spell(s.Mode) + (s.AlpEnabled ? string.Empty : ", application layer policy OFF (Istio kept)"));
        Line("kubernetes", s.Cluster.KubernetesVersion.MinorText + (s.Cluster.KubeContext is { } ctx ? $", context {ctx}" : ", current kubeconfig context"));
        Line("calico", $"{s.Calico.VersionText}, {s.Calico.ApiGroup.ApiVersion()}, {ConfigSpellings.InstallTypes.Spell(s.Calico.InstallType)} install");
        if (s.Mode == AlpMode.Istio)
        {
            Line("policy sync", $"{s.Calico.PolicySyncPathPrefix} via {ConfigSpellings.PolicySyncMethods.Spell(s.Calico.PolicySyncMethod)}" +
                (s.Calico.RetainPolicySyncOnDestroy ? ", kept on destroy" : ", given back on destroy"));
            Line("istio", $"{s.Istio.Version}, mTLS {s.Istio.Mtls.Text()}, native sidecars {(s.Istio.NativeSidecars ? "forced on" : "automatic")}, {(s.Istio.ByRevision ? "revisions " + string.Join(", ", s.Istio.Revisions.Select(r => $"{r.Name} ({r.Version})")) : "revision " + (s.Istio.Revision ?? "default"))}, istio-system {ConfigSpellings.Ownerships.Spell(s.Istio.SystemNamespace)}"
                + (s.Istio.Base == IstioBase.Existing ? ", CRDs existing (never installed or deleted)" : string.Empty));
            if (s.Istio.ByRevision)
            {
                Line("istio tags", string.Join(", ", s.Istio.Tags.Select(t => $"{t.Key} -> {t.Value}")));
            }

            Line("authorization", $"fail-{ConfigSpellings.FailureModes.Spell(s.Authz.FailureMode)}, timeout {s.Authz.TimeoutMs} ms");
            if (s.Images.Source == ImageSource.Build)
            {
                Line("images", $"built from sidecars/ on pulumi up, pushed to {s.Images.Registry}, pinned by digest" + (s.Dikastes.Debug ? "; dikastes debug" : string.Empty));
            }
            else
            {
                Line("dikastes", plan.Images.Dikastes + (s.Dikastes.Debug ? " (debug)" : string.Empty));
                Line("istio-proxy", plan.Images.Proxy ?? "chart default");
            }
        }

        if (s.Namespaces.IsEmpty)
        {
            Line("namespaces", "none");
        }

        foreach (var ns in s.Namespaces)
        {
            var workloads = ns.Workloads.IsEmpty ? "no workloads" : string.Join(", ", ns.Workloads);
            var enrolment = ns.Enrolment == Enrolment.Namespace ? "namespace-wide" : "per workload";
            var extras = (ns.Egress == EgressMode.Restricted ? ", egress restricted" : string.Empty) + (ns.Mtls is { } m ? $", mTLS {m.Text()}" : string.Empty)
                + (ns.IstioTag is { } tag ? $", tag {tag}" : string.Empty)
                + string.Concat(ns.IstioPins.Select(p => $", {p.Key} pinned to {p.Value}"));
            Line(s.Namespaces[0] == ns ? "namespaces" : string.Empty, $"{ns.Name} ({ConfigSpellings.Ownerships.Spell(ns.Ownership)}, {enrolment}: {workloads}{extras})");
        }

        Line("http policies", s.HttpPolicies.IsEmpty ? "none" : string.Join(", ", s.HttpPolicies.Select(p => p.Namespace is null ? p.Name : $"{p.Namespace}/{p.Name}")));
        Line("protect", s.Protect ? "on" : "off");
        var owned = plan.Items.Count(i => i.Ownership == Ownership.Owned);
        Line("plan", $"{plan.Items.Length} items: {owned} owned, {plan.Items.Length - owned} patches; injection hash {plan.InjectionHash}");
        foreach (var warning in s.Warnings)
        {
            text.Append(CultureInfo.InvariantCulture, $"warning: {warning}\n");
        }

        // Values are printed as typed, but nothing in them reaches the terminal raw (a context name with an escape sequence, say).
        return string.Join('\n', text.ToString().Split('\n').Select(Stacks.Validation.ConfigError.Escape));
    }
}
