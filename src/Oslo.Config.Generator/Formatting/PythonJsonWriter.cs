using System.Collections;
using System.Globalization;
using System.Text;

namespace Oslo.Config.Generator.Formatting;

/// <summary>
/// Python's <c>json.dumps(data, sort_keys=True)</c> with its defaults (<c>", "</c> and <c>": "</c> separators, one
/// line, <c>ensure_ascii</c>), so that <c>--format json</c> matches oslo's output byte for byte.
/// </summary>
internal static class PythonJsonWriter
{
    public static string Write(object? value)
    {
        var builder = new StringBuilder();
        WriteValue(builder, value);
        return builder.ToString();
    }

    private static void WriteValue(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string s:
                WriteString(builder, s);
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case double d:
                builder.Append(double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : PyRepr.Float(d));
                break;
            case float f:
                WriteValue(builder, (double)f);
                break;
            case IDictionary dictionary:
                {
                    var keys = new List<(string Key, object? Value)>();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        keys.Add((PyRepr.Display(entry.Key), entry.Value));
                    }

                    builder.Append('{');
                    bool first = true;
                    foreach (var (key, item) in keys.OrderBy(k => k.Key, StringComparer.Ordinal))
                    {
                        builder.Append(first ? "" : ", ");
                        first = false;
                        WriteString(builder, key);
                        builder.Append(": ");
                        WriteValue(builder, item);
                    }

                    builder.Append('}');
                    break;
                }

            case IEnumerable sequence:
                {
                    builder.Append('[');
                    bool first = true;
                    foreach (object? item in sequence)
                    {
                        builder.Append(first ? "" : ", ");
                        first = false;
                        WriteValue(builder, item);
                    }

                    builder.Append(']');
                    break;
                }

            default:
                builder.Append(PyRepr.Display(value));
                break;
        }
    }

    private static void WriteString(StringBuilder builder, string s)
    {
        builder.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
