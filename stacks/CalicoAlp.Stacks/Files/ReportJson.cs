using System.Text.Encodings.Web;
using System.Text.Json;

namespace CalicoAlp.Stacks.Files;

/// <summary>How the JSON files people and tools read are written (plan.json, doctor's report).</summary>
public static class ReportJson
{
    /// <summary>
    /// Indented, camelCase, "\n" line ends, escaped only where JSON must be (an escaped apostrophe
    /// only hinders a reader). A new instance each time: a generated context takes its options over.
    /// </summary>
    public static JsonSerializerOptions Options() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
