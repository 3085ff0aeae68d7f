using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CalicoAlp.Stacks.Validation;

namespace CalicoAlp.Doctor;

/// <summary>The results as a table for people or JSON for tools; every value escaped, so nothing from the cluster reaches a terminal raw.</summary>
public static class DoctorReport
{
    public static bool Failed(ImmutableArray<CheckResult> results) => results.Any(r => r.Status == CheckStatus.Fail);

    public static string Table(string stack, string context, ImmutableArray<CheckResult> results)
    {
        var text = new StringBuilder();
        text.Append(ConfigError.Escape($"alp doctor: stack '{stack}' against context '{context}' (read-only)")).Append("\n\n");
        var width = results.Max(r => r.Id.Length);
        foreach (var r in results)
        {
            text.Append(Word(r.Status)).Append("  ").Append(ConfigError.Escape(r.Id).PadRight(width)).Append("  ").Append(ConfigError.Escape(r.Saw)).Append('\n');
            text.Append(new string(' ', 8 + width)).Append("stack: ").Append(ConfigError.Escape(r.Declared)).Append('\n');
            if (r.Status != CheckStatus.Pass && r.ToDo.Length > 0)
            {
                text.Append(new string(' ', 8 + width)).Append("to do: ").Append(ConfigError.Escape(r.ToDo)).Append('\n');
            }
        }

        var fails = results.Count(r => r.Status == CheckStatus.Fail);
        var warns = results.Count(r => r.Status == CheckStatus.Warn);
        text.Append('\n').Append($"{results.Length} checks: {results.Length - fails - warns} pass, {warns} warn, {fails} fail")
            .Append(fails > 0 ? "; fix the failures before pulumi up\n" : "\n");
        return text.ToString();
    }

    public static string Json(string stack, string context, ImmutableArray<CheckResult> results)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteString("stack", stack);
            json.WriteString("context", context);
            json.WriteBoolean("failed", Failed(results));
            json.WriteStartArray("checks");
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteString("id", r.Id);
                json.WriteString("status", Word(r.Status));
                json.WriteString("saw", r.Saw);
                json.WriteString("declared", r.Declared);
                json.WriteString("toDo", r.ToDo);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static string Word(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Warn => "warn",
        _ => "fail",
    };
}
