using CalicoAlp.Cli;

return AlpCommand.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory);
