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
        var read = ClusterConnection.ReadAsync(settings, context ?? settings.Cluster.KubeContext).GetAwaiter().GetResult();
        if (read.Value is not { } facts)
        {
            stderr.WriteLine($"error: {read.Problem}");
            if (read.Unreadable)
            {
                stderr.WriteLine(ClusterConnection.AccessNeeded);
            }

            return ExitCodes.InvalidConfig;
        }

        var results = DoctorChecks.Run(settings, facts);
        stdout.Write(output == "json"
            ? DoctorReport.Json(settings.StackName, read.ContextName!, results)
            : DoctorReport.Table(settings.StackName, read.ContextName!, results));
        return DoctorReport.Failed(results) ? ExitCodes.InvalidConfig : ExitCodes.Ok;
    }
}
