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
    /// <summary>
    /// Python <c>repr(str)</c>: single quotes unless the text holds a single quote and no double quote; what
    /// Python's <c>str.isprintable()</c> rejects (controls, format characters, separators other than the space,
    /// e.g. U+00A0) is escaped as <c>\xhh</c>, <c>\uhhhh</c> or <c>\Uhhhhhhhh</c>.
    /// </summary>
    public static string Str(string value)
    {
        char quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new StringBuilder(value.Length + 2);
        sb.Append(quote);
        foreach (Rune rune in value.EnumerateRunes())
        {
            int c = rune.Value;
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\').Append((char)c);
                    }
                    else if (IsPrintable(rune))
                    {
                        sb.Append(rune.ToString());
                    }
                    else if (c < 0x100)
                    {
                        sb.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (c < 0x10000)
                    {
                        sb.Append("\\u").Append(c.ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append("\\U").Append(c.ToString("x8", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        return sb.Append(quote).ToString();
    }

    // Python's str.isprintable(): not in categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (the ASCII space excepted).
    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };

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

    /// <summary>
    /// Python's <c>repr(float)</c>: the shortest round-trip digits, positional notation for exponents -4..15,
    /// otherwise <c>1e-05</c> / <c>1e+16</c> style, and a trailing <c>.0</c> on whole numbers.
    /// </summary>
    public static string Float(double value)
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
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "R" is the shortest round-trip form (as Python's repr), which is then laid out Python's way.
        string shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        (string digits, int decimalPoint) = Decompose(shortest);
        string sign = value < 0 ? "-" : "";

        // Python (format_float_short, 'r'): scientific when decpt <= -4 or decpt > 16.
        if (decimalPoint <= -4 || decimalPoint > 16)
        {
            string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            int exponent = decimalPoint - 1;
            string exponentText = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{exponentText}";
        }

        if (decimalPoint <= 0)
        {
            return sign + "0." + new string('0', -decimalPoint) + digits;
        }

        if (decimalPoint >= digits.Length)
        {
            return sign + digits + new string('0', decimalPoint - digits.Length) + ".0";
        }

        return sign + digits[..decimalPoint] + "." + digits[decimalPoint..];
    }

    /// <summary>
    /// Python's <c>str.splitlines()</c>: splits on every line boundary Python knows; a trailing boundary does not
    /// produce an empty last line.
    /// </summary>
    public static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        int start = 0;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (IsLineBoundary(c))
            {
                lines.Add(text[start..i]);
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                start = i;
            }
            else
            {
                i++;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    private static bool IsLineBoundary(char c) =>
        c is '\n' or '\r' or '\u000b' or '\u000c' or '\u001c' or '\u001d' or '\u001e' or '\u0085' or '\u2028' or '\u2029';

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

    /// <summary>Splits a .NET "R" string into its significant digits and the decimal point position.</summary>
    private static (string Digits, int DecimalPoint) Decompose(string roundTrip)
    {
        int exponent = 0;
        int e = roundTrip.IndexOfAny(['E', 'e']);
        string mantissa = roundTrip;
        if (e >= 0)
        {
            exponent = int.Parse(roundTrip[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = roundTrip[..e];
        }

        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        string fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        string all = intPart + fracPart;
        int decimalPoint = intPart.Length + exponent;

        int leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        all = all[leadingZeros..];
        decimalPoint -= leadingZeros;
        all = all.TrimEnd('0');
        return (all.Length == 0 ? "0" : all, decimalPoint);
    }
}
