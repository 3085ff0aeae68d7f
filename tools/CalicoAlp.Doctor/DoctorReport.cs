using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CalicoAlp.Stacks.Files;
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

    public static string Json(string stack, string context, ImmutableArray<CheckResult> results) =>
        JsonSerializer.Serialize(new DoctorJson(stack, context, Failed(results), [.. results.Select(r => new DoctorJsonCheck(r.Id, Word(r.Status), r.Saw, r.Declared, r.ToDo))]),
            DoctorJsonContext.Indented.DoctorJson) + "\n";

    private static string Word(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Warn => "warn",
        _ => "fail",
    };
}

/// <summary>`alp doctor --output json`: the report tools read.</summary>
public sealed record DoctorJson(string Stack, string Context, bool Failed, ImmutableArray<DoctorJsonCheck> Checks);

public sealed record DoctorJsonCheck(string Id, string Status, string Saw, string Declared, string ToDo);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, NewLine = "\n")]
[JsonSerializable(typeof(DoctorJson))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext
{
    public static DoctorJsonContext Indented { get; } = new(ReportJson.Options());
}
