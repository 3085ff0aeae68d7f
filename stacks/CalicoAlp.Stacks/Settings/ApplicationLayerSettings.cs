namespace CalicoAlp.Stacks.Settings;

/// <summary>Calico Enterprise ApplicationLayer fields beyond sidecarInjection, which this product always enables.</summary>
public sealed record ApplicationLayerSettings(
    bool? PerHostPolicy,
    bool? WebApplicationFirewall,
    LogCollectionSettings? LogCollection,
    EnvoySettings? Envoy)
{
    public static ApplicationLayerSettings None { get; } = new(null, null, null, null);
}

public sealed record LogCollectionSettings(bool? CollectLogs, int? LogIntervalSeconds, int? LogRequestsPerInterval);

public sealed record EnvoySettings(int? XffNumTrustedHops, bool? UseRemoteAddress);
