using System.Text;
using CalicoAlp.Cli;

// Plain UTF-8 writers on the standard streams: Console.Out would first work out the terminal's
// encoding from the locale, a measurable part of a run as short as `alp check`. alp writes UTF-8
// whatever the locale, as the files it renders are. Each write is flushed at once, as Console's
// are, so stdout and stderr interleave in a terminal exactly as they were written.
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
using var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = true };
using var stderr = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
return AlpCommand.Run(args, stdout, stderr, Environment.CurrentDirectory);
