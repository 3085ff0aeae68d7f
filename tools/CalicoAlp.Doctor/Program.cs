using CalicoAlp.Doctor;

return DoctorProgram.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory);
