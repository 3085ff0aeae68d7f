using System.Collections.Immutable;
using CalicoAlp.Manifests.Planning;
using Pulumi;

namespace CalicoAlp.Components.Concerns;

/// <summary>Patches FelixConfiguration default (or calico-node's env) to turn on Policy Sync.</summary>
public sealed class FelixPolicySync(string name, ConcernArgs args, ComponentResourceOptions? options = null)
    : ConcernComponent("calico-alp:calico:FelixPolicySync", name, args, options);

/// <summary>istio-system, the base and istiod charts, and mesh-wide mTLS.</summary>
public sealed class IstioControlPlane(string name, ConcernArgs args, ComponentResourceOptions? options = null)
    : ConcernComponent("calico-alp:istio:IstioControlPlane", name, args, options);

/// <summary>ServiceEntry, DestinationRule and EnvoyFilter wiring Envoy's ext_authz to Dikastes.</summary>
public sealed class AuthorizationServices(string name, ConcernArgs args, ComponentResourceOptions? options = null)
    : ConcernComponent("calico-alp:istio:AuthorizationServices", name, args, options);

/// <summary>The istiod egress allow policy in egress-restricted namespaces.</summary>
public sealed class IstiodEgressPolicy(string name, ConcernArgs args, ComponentResourceOptions? options = null)
    : ConcernComponent("calico-alp:calico:IstiodEgressPolicy", name, args, options);

/// <summary>Namespaces and workload enrolment, including the restart annotation.</summary>
public sealed class MeshNamespaces(string name, ConcernArgs args, ComponentResourceOptions? options = null)
    : ConcernComponent("calico-alp:mesh:MeshNamespaces", name, args, options);

/// <summary>The Dikastes and istio-proxy images built from sidecars/ and pushed (imageSource build).</summary>
public sealed class SidecarImages(string name, ConcernArgs args, ComponentResourceOptions? options = null)
    : ConcernComponent("calico-alp:images:SidecarImages", name, args, options);

/// <summary>The stack's Calico policies with HTTP method and path matches.</summary>
public sealed class HttpPolicies(string name, ConcernArgs args, ComponentResourceOptions? options = null)
    : ConcernComponent("calico-alp:calico:HttpPolicies", name, args, options);

/// <summary>Calico Enterprise mode: the ApplicationLayer and workload opt-in.</summary>
public sealed class ApplicationLayer(string name, ConcernArgs args, ComponentResourceOptions? options = null)
    : ConcernComponent("calico-alp:enterprise:ApplicationLayer", name, args, options);

/// <summary>
/// The Dikastes injection templates. They travel inside istiod's chart values, so this component
/// has no children; it makes the templates and their hash visible in the stack's state.
/// </summary>
public sealed class InjectorTemplates : ConcernComponent
{
    private readonly Plan _plan;

    public InjectorTemplates(string name, Plan plan, ComponentResourceOptions? options = null)
        : base("calico-alp:istio:InjectorTemplates", name, new ConcernArgs(Concern.InjectorTemplates, []), options)
    {
        _plan = plan;
    }

    protected override Dictionary<string, object?> Outputs() => new()
    {
        ["templates"] = _plan.InjectorTemplates.Keys.ToImmutableArray(),
        ["injectionHash"] = _plan.InjectionHash,
    };
}
