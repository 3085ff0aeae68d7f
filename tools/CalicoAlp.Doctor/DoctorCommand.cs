using CalicoAlp.Cli;

namespace CalicoAlp.Doctor;

/// <summary>`alp doctor`: the stack's checks against the cluster of its context, read-only.</summary>
public static class DoctorCommand
{
    public static int Run(StackInputResult input, string? context, string? output, TextWriter stdout, TextWriter stderr)
    {
        if (output is not (null or "table" or "json"))
        {
            stderr.WriteLine($"alp doctor: --output '{CommandLine.Printable(output)}' is not allowed; expected table or json");
            return ExitCodes.Usage;
        }

        if (StackInput.ReportErrors(input, stderr, "checked") is { } code)
        {
            return code;
        }

        var settings = input.Result.Settings!;
        var (connection, problem) = ClusterConnection.Open(context ?? settings.Cluster.KubeContext);
        if (connection is null)
        {
            stderr.WriteLine($"error: {problem}");
            return ExitCodes.InvalidConfig;
        }

        var (facts, unreadable) = connection.ReadAsync(settings).GetAwaiter().GetResult();
        if (facts is null)
        {
            stderr.WriteLine($"error: {unreadable}");
            stderr.WriteLine(ClusterConnection.AccessNeeded);
            return ExitCodes.InvalidConfig;
        }

        var results = DoctorChecks.Run(settings, facts);
        stdout.Write(output == "json"
            ? DoctorReport.Json(settings.StackName, connection.ContextName, results)
            : DoctorReport.Table(settings.StackName, connection.ContextName, results));
        return DoctorReport.Failed(results) ? ExitCodes.InvalidConfig : ExitCodes.Ok;
    }
}
