using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CalicoAlp.Manifests.Serialization;

/// <summary>
/// Writes JSON trees as block YAML with stable quoting: strings that YAML would read as another
/// type are double-quoted, multi-line strings use literal blocks. Same input, same bytes.
/// </summary>
public static partial class YamlWriter
{
    /// <summary>Text YAML 1.1 or 1.2 would read as null, a boolean, a number or a date rather than a string.</summary>
    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F]+|0o[0-7]+|[0-9][0-9_:.]*)$", RegexOptions.CultureInvariant)]
    internal static partial Regex Ambiguous();

    internal static bool LooksLikeAnotherType(string text) => Ambiguous().IsMatch(text);

    public static string Write(JsonNode node)
    {
        using var document = JsonDocument.Parse(Canonical.ToJson(node));
        return Write(document.RootElement);
    }

    /// <summary>The element as block YAML, through YamlDotNet's emitter.</summary>
    public static string Write(JsonElement element)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, element);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                foreach (var property in element.EnumerateObject())
                {
                    EmitString(emitter, property.Name);
                    Emit(emitter, property.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                emitter.Emit(new SequenceStart(null, null, true, element.GetArrayLength() == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in element.EnumerateArray())
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                EmitString(emitter, element.GetString()!);
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Number:
                emitter.Emit(new Scalar(null, null, element.GetRawText(), ScalarStyle.Plain, true, false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(null, null, text, RequestedStyle(text), true, true));

    /// <summary>
    /// Text with a character a plain or block scalar cannot carry as it is (a control character other
    /// than the line break, a space YAML does not fold, a byte-order mark) double-quoted, so it reads
    /// back exactly, as is text of only spaces and line breaks (a block scalar would drop them);
    /// other multi-line text as a literal block; text YAML would read as another type
    /// double-quoted; the rest as the emitter sees fit.
    /// </summary>
    internal static ScalarStyle RequestedStyle(string text) =>
        text.Any(c => (char.IsControl(c) && c != '\n') || c is '\u00a0' or '\u2028' or '\u2029' or '\ufeff')
            || string.IsNullOrWhiteSpace(text) ? ScalarStyle.DoubleQuoted
            : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : text.Length == 0 || LooksLikeAnotherType(text) ? ScalarStyle.DoubleQuoted
            : ScalarStyle.Any;
}
