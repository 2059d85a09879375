using System.Collections;
using System.Globalization;
using System.Text;

namespace Oslo.Config;

/// <summary>
/// Python's <c>str()</c>/<c>repr()</c>/<c>%g</c> renderings. oslo's error texts, <c>log_opt_values</c> lines and
/// mutate logs embed Python renderings of values; reproducing them keeps our messages comparable with oslo's.
/// </summary>
internal static class PyRepr
{
    /// <summary>Python <c>repr(str)</c>: single quotes unless the text holds a single quote and no double quote.</summary>
    public static string Str(string value)
    {
        char quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new StringBuilder(value.Length + 2);
        sb.Append(quote);
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\').Append(c);
                    }
                    else if (c < ' ' || c == '\x7f')
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append(quote).ToString();
    }

    /// <summary>Python <c>str(value)</c> for the values our types produce.</summary>
    public static string Display(object? value) => value switch
    {
        null => "None",
        string s => s,
        _ => Repr(value),
    };

    /// <summary>Python <c>repr(value)</c> for the values our types produce.</summary>
    public static string Repr(object? value)
    {
        switch (value)
        {
            case null: return "None";
            case string s: return Str(s);
            case bool b: return b ? "True" : "False";
            case double d: return Float(d);
            case float f: return Float(f);
            case IFormattable n when value is int or long or short or byte or uint or ulong or decimal:
                return n.ToString(null, CultureInfo.InvariantCulture);
            case IDictionary dict:
                {
                    var parts = new List<string>();
                    foreach (DictionaryEntry e in dict)
                    {
                        parts.Add(Repr(e.Key) + ": " + Repr(e.Value));
                    }

                    return "{" + string.Join(", ", parts) + "}";
                }

            case IEnumerable<KeyValuePair<string, string>> pairs:
                return "{" + string.Join(", ", pairs.Select(p => Repr(p.Key) + ": " + Repr(p.Value))) + "}";
            case IEnumerable items:
                {
                    var parts = new List<string>();
                    foreach (object? item in items)
                    {
                        parts.Add(Repr(item));
                    }

                    return "[" + string.Join(", ", parts) + "]";
                }

            default: return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "None";
        }
    }

    /// <summary>Python <c>repr(float)</c>: shortest round-trip digits, always with a decimal point or exponent.</summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        double abs = Math.Abs(d);
        if (abs != 0 && (abs >= 1e16 || abs < 1e-4))
        {
            string e = d.ToString("E16", CultureInfo.InvariantCulture);
            string r = d.ToString("R", CultureInfo.InvariantCulture);
            return PythonExponent(r.Contains('E', StringComparison.Ordinal) ? r : e);
        }

        string s = d.ToString("R", CultureInfo.InvariantCulture);
        if (s.Contains('E', StringComparison.Ordinal))
        {
            s = d.ToString("F20", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
    }

    /// <summary>Python <c>'%g' % value</c> (6 significant digits; exponent form outside [1e-4, 1e6)).</summary>
    public static string G(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return "0";
        }

        string e = value.ToString("E5", CultureInfo.InvariantCulture);
        int exponent = int.Parse(e.AsSpan(e.IndexOf('E', StringComparison.Ordinal) + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent is < -4 or >= 6)
        {
            string mantissa = e[..e.IndexOf('E', StringComparison.Ordinal)];
            if (mantissa.Contains('.', StringComparison.Ordinal))
            {
                mantissa = mantissa.TrimEnd('0').TrimEnd('.');
            }

            return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }

        string f = value.ToString("F" + Math.Max(0, 5 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (f.Contains('.', StringComparison.Ordinal))
        {
            f = f.TrimEnd('0').TrimEnd('.');
        }

        return f;
    }

    private static string PythonExponent(string dotnet)
    {
        int i = dotnet.IndexOf('E', StringComparison.Ordinal);
        string mantissa = dotnet[..i];
        if (mantissa.Contains('.', StringComparison.Ordinal))
        {
            mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        }

        int exponent = int.Parse(dotnet.AsSpan(i + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }
}
