using CalicoAlp.Components;
using CalicoAlp.Components.Inputs;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Apps.V1;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using K8s = Pulumi.Kubernetes;

namespace PlatformExample;

/// <summary>
/// The program: a namespace and a Deployment of its own, then ALP for them. The namespace is the
/// program's, so ALP takes it as existing and only labels it; the component is told to depend on
/// both, and each of its resources waits for them. Everything goes through the program's provider.
/// </summary>
public static class PlatformProgram
{
    public const string Namespace = "shop";

    public const string Workload = "web";

    public static Task<IDictionary<string, object?>> RunAsync()
    {
        var cluster = new K8s.Provider("cluster", new K8s.ProviderArgs { EnableServerSideApply = true });
        var onCluster = new CustomResourceOptions { Provider = cluster };
        var shop = new K8s.Core.V1.Namespace(Namespace, new NamespaceArgs { Metadata = new ObjectMetaArgs { Name = Namespace } }, onCluster);

        var labels = new InputMap<string> { ["app"] = Workload };
        var web = new K8s.Apps.V1.Deployment(Workload, new DeploymentArgs
        {
            Metadata = new ObjectMetaArgs { Name = Workload, Namespace = shop.Metadata.Apply(m => m.Name) },
            Spec = new DeploymentSpecArgs
            {
                Selector = new LabelSelectorArgs { MatchLabels = labels },
                Template = new PodTemplateSpecArgs
                {
                    Metadata = new ObjectMetaArgs { Labels = labels },
                    Spec = new PodSpecArgs
                    {
                        Containers = new ContainerArgs { Name = Workload, Image = "nginxinc/nginx-unprivileged:1.29", Ports = new ContainerPortArgs { ContainerPortValue = 8080 } },
                    },
                },
            },
        }, onCluster);

        var alp = new ApplicationLayerPolicy("alp", new ApplicationLayerPolicyArgs
        {
            Environment = DeploymentEnvironment.NonProduction,
            KubernetesVersion = "1.35",
            CalicoVersion = "v3.33.1",
            IstioMtlsMode = MtlsMode.Permissive,
            Namespaces =
            [
                new MeshNamespaceArgs { Name = Namespace, Ownership = NamespaceOwnership.Existing, Enrolment = Enrolment.Workloads, Workloads = [Workload] },
            ],
            HttpPolicies =
            [
                new HttpPolicyArgs
                {
                    Name = "web-read-only",
                    Namespace = Namespace,
                    Selector = $"app == '{Workload}'",
                    Ingress =
                    [
                        new HttpRuleArgs { Action = RuleAction.Allow, Http = new HttpMatchArgs { Methods = ["GET", "HEAD"], Paths = [new HttpPathArgs { Prefix = "/" }] } },
                    ],
                },
            ],
        }, new ComponentResourceOptions { DependsOn = { shop, web }, Providers = { cluster } });

        return Task.FromResult<IDictionary<string, object?>>(new Dictionary<string, object?>
        {
            ["namespace"] = shop.Metadata.Apply(m => m.Name),
            ["enrolledWorkloads"] = alp.EnrolledWorkloads,
            ["injectionHash"] = alp.InjectionHash,
        });
    }
}
