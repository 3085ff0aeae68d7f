using CalicoAlp.Cli;

namespace CalicoAlp.Doctor;

/// <summary>alp-doctor's command line: the doctor verb of alp's, whether alp passed it on or a user typed `alp-doctor --stack dev`.</summary>
public static class DoctorProgram
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        // `alp-doctor --version` is the binary's version, as `alp --version` is alp's; the rest is the doctor verb.
        var command = CommandLine.Parse(args is ["doctor", ..] or ["--version"] ? args : ["doctor", .. args]);
        if (CommandLine.Answered(command, typeof(DoctorProgram), stdout, stderr) is { } answered)
        {
            return answered;
        }

        return CommandLine.Guarded(stderr, "alp doctor", () => DoctorCommand.Run(
            StackInput.Load(workingDirectory, command.Value(CommandLine.Stack.Name), command.Value(CommandLine.StackFile.Name)),
            command.Value(CommandLine.Context.Name), command.Value(CommandLine.Output.Name), stdout, stderr));
    }
}
