using System.ComponentModel;
using Pulumi;

namespace CalicoAlp.Components.Inputs;

[Description("The applicationLayer key: the Enterprise ApplicationLayer's fields besides sidecarInjection.")]
public sealed class ApplicationLayerArgs : ResourceArgs
{
    [Input("applicationLayerPolicy")]
    [Description("ApplicationLayer spec.applicationLayerPolicy.")]
    public Toggle? ApplicationLayerPolicy { get; init; }

    [Input("webApplicationFirewall")]
    [Description("ApplicationLayer spec.webApplicationFirewall.")]
    public Toggle? WebApplicationFirewall { get; init; }

    [Input("logCollection")]
    [Description("ApplicationLayer spec.logCollection.")]
    public LogCollectionArgs? LogCollection { get; init; }

    [Input("envoy")]
    [Description("ApplicationLayer spec.envoy.")]
    public EnvoyArgs? Envoy { get; init; }
}

[Description("ApplicationLayer spec.logCollection.")]
public sealed class LogCollectionArgs : ResourceArgs
{
    [Input("collectLogs")]
    [Description("Collect L7 logs.")]
    public Toggle? CollectLogs { get; init; }

    [Input("logIntervalSeconds")]
    [Description("Seconds between log flushes (1 to 86400).")]
    public int? LogIntervalSeconds { get; init; }

    [Input("logRequestsPerInterval")]
    [Description("Requests logged per interval; -1 for all.")]
    public int? LogRequestsPerInterval { get; init; }
}

[Description("ApplicationLayer spec.envoy.")]
public sealed class EnvoyArgs : ResourceArgs
{
    [Input("xffNumTrustedHops")]
    [Description("Trusted hops in X-Forwarded-For.")]
    public int? XffNumTrustedHops { get; init; }

    [Input("useRemoteAddress")]
    [Description("Use the connection's remote address as the client address.")]
    public bool? UseRemoteAddress { get; init; }
}
