using System.Collections;
using System.Globalization;
using System.Text;

namespace Oslo.Config.Generator.Formatting;

/// <summary>
/// Block-style YAML in the layout of PyYAML's <c>safe_dump(default_flow_style=False)</c> (sorted keys, sequences
/// not indented under their key, <c>{}</c>/<c>[]</c> for empty containers). Strings are left plain only when that
/// cannot change their meaning and quoted otherwise, so the data always reads back as written; unlike PyYAML, long
/// strings are not folded.
/// </summary>
internal static class YamlWriter
{
    public static string Write(object? value)
    {
        var builder = new StringBuilder();
        WriteNode(builder, value, 0);
        return builder.ToString();
    }

    private static void WriteNode(StringBuilder builder, object? value, int indent)
    {
        if (value is IDictionary map && map.Count > 0)
        {
            WriteMap(builder, map, indent);
        }
        else if (value is IEnumerable sequence and not string && !IsEmpty(sequence))
        {
            WriteSequence(builder, sequence, indent);
        }
        else
        {
            builder.Append(Scalar(value)).Append('\n');
        }
    }

    private static void WriteMap(StringBuilder builder, IDictionary map, int indent, bool firstKeyInline = false)
    {
        var entries = new List<(string Key, object? Value)>();
        foreach (DictionaryEntry entry in map)
        {
            entries.Add((PythonText.Str(entry.Key), entry.Value));
        }

        bool first = true;
        foreach (var (key, item) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            // The first key of a map inside a sequence item shares the "- " line.
            if (!(first && firstKeyInline))
            {
                builder.Append(' ', indent);
            }

            first = false;
            builder.Append(Scalar(key)).Append(':');
            if (item is IDictionary child && child.Count > 0)
            {
                builder.Append('\n');
                WriteMap(builder, child, indent + 2);
            }
            else if (item is IEnumerable list and not string && !IsEmpty(list))
            {
                builder.Append('\n');
                WriteSequence(builder, list, indent);
            }
            else
            {
                builder.Append(' ').Append(Scalar(item)).Append('\n');
            }
        }
    }

    private static void WriteSequence(StringBuilder builder, IEnumerable sequence, int indent)
    {
        foreach (object? item in sequence)
        {
            builder.Append(' ', indent).Append("- ");
            if (item is IDictionary child && child.Count > 0)
            {
                WriteMap(builder, child, indent + 2, firstKeyInline: true);
            }
            else if (item is IEnumerable list and not string && !IsEmpty(list))
            {
                // A nested sequence starts on the dash line, as PyYAML writes "- - a".
                var nested = new StringBuilder();
                WriteSequence(nested, list, indent + 2);
                builder.Append(nested.ToString()[(indent + 2)..]);
            }
            else
            {
                builder.Append(Scalar(item)).Append('\n');
            }
        }
    }

    private static bool IsEmpty(IEnumerable sequence)
    {
        var enumerator = sequence.GetEnumerator();
        return !enumerator.MoveNext();
    }

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => QuoteIfNeeded(s),
        double d => double.IsNaN(d) ? ".nan" : double.IsInfinity(d) ? (d > 0 ? ".inf" : "-.inf") : PythonText.FloatRepr(d),
        float f => PythonText.FloatRepr(f),
        IDictionary => "{}",
        IEnumerable => "[]",
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => QuoteIfNeeded(value.ToString() ?? ""),
    };

    private static string QuoteIfNeeded(string s)
    {
        if (s.Length == 0)
        {
            return "''";
        }

        if (s.Any(c => c < ' ' || c > '~'))
        {
            return PythonJsonWriter.Write(s);
        }

        bool plain =
            !char.IsWhiteSpace(s[0]) && !char.IsWhiteSpace(s[^1]) &&
            "-?:,[]{}#&*!|>'\"%@`".IndexOf(s[0], StringComparison.Ordinal) < 0 &&
            !s.Contains(": ", StringComparison.Ordinal) && !s.Contains(" #", StringComparison.Ordinal) &&
            !s.EndsWith(':') && !LooksLikeOtherType(s);
        return plain ? s : "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static bool LooksLikeOtherType(string s) =>
        s.ToLowerInvariant() is "null" or "~" or "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" ||
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ||
        s.StartsWith('.') || s.All(c => char.IsDigit(c) || c is ':' or '-' or '_' or '.');
}