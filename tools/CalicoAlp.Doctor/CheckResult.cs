namespace CalicoAlp.Doctor;

public enum CheckStatus
{
    Pass,
    Warn,
    Fail,
}

/// <summary>One check's verdict: what it saw in the cluster, what the stack declared, and what to do.</summary>
public sealed record CheckResult(string Id, CheckStatus Status, string Saw, string Declared, string ToDo = "")
{
    public static CheckResult Pass(string id, string saw, string declared) => new(id, CheckStatus.Pass, saw, declared);
}
