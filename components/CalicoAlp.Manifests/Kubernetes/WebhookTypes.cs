using System.Collections.Immutable;
using CalicoAlp.Manifests.Planning;

namespace CalicoAlp.Manifests.Kubernetes;

/// <summary>A Service's spec as the stack renders one: named ports and a selector.</summary>
public sealed record ServiceSpec(ImmutableArray<ServicePort> Ports, ImmutableSortedDictionary<string, string> Selector);

public sealed record ServicePort(string Name, int Port, string Protocol, int? TargetPort = null);

/// <summary>A MutatingWebhookConfiguration: no spec, its webhooks at the top level.</summary>
public sealed record WebhookConfiguration(string ApiVersion, string Kind, ObjectMeta Metadata, ImmutableArray<MutatingWebhook> Webhooks) : IPlanContent;

public sealed record MutatingWebhook(
    string Name,
    WebhookClientConfig ClientConfig,
    ImmutableArray<WebhookRule> Rules,
    LabelSelector NamespaceSelector,
    LabelSelector ObjectSelector,
    string SideEffects,
    string FailurePolicy,
    string ReinvocationPolicy,
    ImmutableArray<string> AdmissionReviewVersions);

public sealed record WebhookClientConfig(WebhookService Service);

public sealed record WebhookService(string Name, string Namespace, string Path, int Port);

public sealed record WebhookRule(ImmutableArray<string> Operations, ImmutableArray<string> ApiGroups, ImmutableArray<string> ApiVersions, ImmutableArray<string> Resources);

public sealed record LabelSelector(ImmutableArray<LabelRequirement> MatchExpressions);

public sealed record LabelRequirement(string Key, string Operator, ImmutableArray<string>? Values = null);
