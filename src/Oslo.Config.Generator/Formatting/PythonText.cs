using System.Collections;
using System.Globalization;
using System.Text;

namespace Oslo.Config.Generator.Formatting;

/// <summary>
/// Python's text conversions that leak into oslo's sample files: <c>str()</c> of numbers, booleans and containers,
/// <c>repr()</c> of floats, and <c>str.splitlines()</c>. Byte-identical samples need them exactly.
/// </summary>
internal static class PythonText
{
    /// <summary>Python's <c>str(value)</c> for the values option defaults can hold.</summary>
    public static string Str(object? value) => value switch
    {
        null => "None",
        string s => s,
        bool b => b ? "True" : "False",
        double d => FloatRepr(d),
        float f => FloatRepr(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable n when IsInteger(n) => n.ToString(null, CultureInfo.InvariantCulture),
        IDictionary or IEnumerable => Repr(value),
        _ => value.ToString() ?? "",
    };

    /// <summary>Python's <c>repr(value)</c> (strings quoted, containers bracketed).</summary>
    public static string Repr(object? value)
    {
        switch (value)
        {
            case string s:
                return StringRepr(s);
            case IDictionary dictionary:
                {
                    var parts = new List<string>();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        parts.Add(Repr(entry.Key) + ": " + Repr(entry.Value));
                    }

                    return "{" + string.Join(", ", parts) + "}";
                }

            case IEnumerable sequence:
                {
                    var parts = new List<string>();
                    foreach (object? item in sequence)
                    {
                        parts.Add(Repr(item));
                    }

                    return "[" + string.Join(", ", parts) + "]";
                }

            default:
                return Str(value);
        }
    }

    /// <summary>
    /// Python's <c>repr(float)</c>: the shortest round-trip digits, positional notation for exponents -4..15,
    /// otherwise <c>1e-05</c> / <c>1e+16</c> style, and a trailing <c>.0</c> on whole numbers.
    /// </summary>
    public static string FloatRepr(double value)
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

    private static bool IsInteger(object value) =>
        value is sbyte or byte or short or ushort or int or uint or long or ulong or System.Numerics.BigInteger or Int128 or UInt128;

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

    private static string StringRepr(string s)
    {
        char quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder(s.Length + 2);
        builder.Append(quote);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\').Append(c);
                    }
                    else if (c < ' ' || c == '\u007f')
                    {
                        builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append(quote).ToString();
    }
}
