using System.Collections.Immutable;
using CalicoAlp.Stacks.Config;
using CalicoAlp.Stacks.Loading;
using CalicoAlp.Stacks.Settings;

namespace CalicoAlp.Stacks.Validation;

/// <summary>The production guardrails, each relaxed only by its own named override.</summary>
internal static class Guardrails
{
    public static void Check(ConfigReader reader, DeploymentEnvironment environment, AlpMode mode, bool protect, IstioSettings istio,
        AuthzSettings authz, ImageSettings images, ImmutableArray<MeshNamespace> namespaces, ImmutableArray<Guardrail> overrides, List<string> warnings)
    {
        if (environment != DeploymentEnvironment.Production)
        {
            // The version overrides act in every environment (CompatibilityRules); the rest are production's.
            foreach (var guardrail in overrides.Where(g => g is not (Guardrail.UntestedVersions or Guardrail.EndOfLife)))
            {
                warnings.Add($"guardrailOverrides: '{ConfigSpellings.GuardrailOverrides.Spell(guardrail)}' has no effect outside production");
            }

            return;
        }

        void Violate(Guardrail guardrail, string key, string message)
        {
            if (!overrides.Contains(guardrail))
            {
                var name = ConfigSpellings.GuardrailOverrides.Spell(guardrail);
                reader.Error(key, $"{message} in production; fix it, or relax the guardrail by adding '{name}' to calico-alp:guardrailOverrides");
            }
        }

        if (!protect)
        {
            Violate(Guardrail.Protect, ConfigReader.PathOf(ConfigKeys.Protect), "'false' is not allowed");
        }

        if (mode != AlpMode.Istio)
        {
            // In enterprise mode the operator deploys its own sidecar images; this stack pins none.
            return;
        }

        if (images.Source == ImageSource.Build)
        {
            Violate(Guardrail.DigestPinnedImages, ConfigReader.PathOf(ConfigKeys.ImageSource),
                "'build' makes images whose digests exist only after the build, so nothing pins what dev tested; promote dev's digests with imageSource prebuilt. Building is not allowed");
        }
        else if (images.DikastesDigest is null && !reader.Failed(ConfigKeys.DikastesImageDigest))
        {
            Violate(Guardrail.DigestPinnedImages, ConfigReader.PathOf(ConfigKeys.DikastesImageDigest), "an image without a digest is not allowed");
        }

        if (istio.ByRevision)
        {
            // Each revision runs its own Istio images, so each is pinned on its own.
            foreach (var (revision, path) in IstioRevisionsReader.WithPaths(reader, istio))
            {
                if (revision.ProxyDigest is null && !reader.Failed($"{path}.proxyImageDigest"))
                {
                    Violate(Guardrail.DigestPinnedImages, $"{path}.proxyImageDigest", $"revision {revision.Name} without an istio-proxy digest is not allowed");
                }

                if (revision.IstiodDigest is null && !reader.Failed($"{path}.istiodImageDigest"))
                {
                    Violate(Guardrail.DigestPinnedImages, $"{path}.istiodImageDigest", $"revision {revision.Name} without an istiod digest is not allowed");
                }
            }
        }
        else
        {
            if (images.Source != ImageSource.Build && images.ProxyDigest is null && !reader.Failed(ConfigKeys.ProxyImageDigest))
            {
                Violate(Guardrail.DigestPinnedImages, ConfigReader.PathOf(ConfigKeys.ProxyImageDigest), "an image without a digest is not allowed");
            }

            // istiod is the control plane every sidecar trusts; pinning only the sidecars would leave it on a tag.
            if (images.IstiodDigest is null && !reader.Failed(ConfigKeys.IstiodImageDigest))
            {
                Violate(Guardrail.DigestPinnedImages, ConfigReader.PathOf(ConfigKeys.IstiodImageDigest), "istiod without a digest is not allowed");
            }
        }

        if (istio.Mtls != MtlsMode.Strict)
        {
            Violate(Guardrail.StrictMtls, ConfigReader.PathOf(ConfigKeys.IstioMtlsMode), $"'{istio.Mtls.Text()}' is not allowed");
        }

        for (var i = 0; i < namespaces.Length; i++)
        {
            if (namespaces[i].Mtls == MtlsMode.Permissive)
            {
                Violate(Guardrail.StrictMtls, $"{ConfigReader.PathOf(ConfigKeys.Namespaces)}[{i}].mtlsMode", "'PERMISSIVE' is not allowed");
            }
        }

        if (authz.FailureMode == AuthzFailureMode.Open)
        {
            Violate(Guardrail.FailClosed, ConfigReader.PathOf(ConfigKeys.AuthzFailureMode), "'open' is not allowed");
        }
    }
}
