using CalicoAlp.Cli;

namespace CalicoAlp.Doctor;

/// <summary>alp-doctor's command line: the doctor verb of alp's, whether alp passed it on or a user typed `alp-doctor --stack dev`.</summary>
public static class DoctorProgram
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        var command = CommandLine.Parse(args is ["doctor", ..] ? args : ["doctor", .. args]);
        if (CommandLine.Answered(command, typeof(DoctorProgram).Assembly, stdout, stderr) is { } answered)
        {
            return answered;
        }

        try
        {
            var input = StackInput.Load(workingDirectory, command.Value(CommandLine.Stack.Name), command.Value(CommandLine.StackFile.Name));
            return DoctorCommand.Run(input, command.Value(CommandLine.Context.Name), command.Value(CommandLine.Output.Name), stdout, stderr);
        }
#pragma warning disable CA1031 // The contract is one line and an exit code, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"alp doctor: internal error ({e.GetType().Name}): {e.Message}");
            return ExitCodes.Internal;
        }
    }
}
