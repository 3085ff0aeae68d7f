using System.Text;
using CalicoAlp.Doctor;

// UTF-8 whatever the locale, and flushed per write, as alp's own writers are (tools/CalicoAlp.Cli/Program.cs).
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
using var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = true };
using var stderr = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
return DoctorProgram.Run(args, stdout, stderr, Environment.CurrentDirectory);
