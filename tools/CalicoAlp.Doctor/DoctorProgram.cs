using CalicoAlp.Cli;

namespace CalicoAlp.Doctor;

/// <summary>The doctor verb of alp's command line: `alp doctor --stack dev`.</summary>
public static class DoctorProgram
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        var command = CommandLine.Parse(args is ["doctor", ..] ? args : ["doctor", .. args]);
        if (CommandLine.Answered(command, typeof(DoctorProgram), stdout, stderr) is { } answered)
        {
            return answered;
        }

        return CommandLine.Guarded(stderr, "alp doctor", () => DoctorCommand.Run(
            StackInput.Load(workingDirectory, command.Value(CommandLine.Stack.Name), command.Value(CommandLine.StackFile.Name)),
            command.Value(CommandLine.Context.Name), command.Value(CommandLine.Output.Name), stdout, stderr));
    }
}
