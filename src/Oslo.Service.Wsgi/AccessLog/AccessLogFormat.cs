using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Oslo.Service.Wsgi.AccessLog;

/// <summary>
/// A compiled <c>wsgi_log_format</c>: the Python <c>%</c>-style template oslo.service hands to eventlet
/// (<c>%(client_ip)s "%(request_line)s" status: %(status_code)s ... %(wall_seconds).7f</c>), rendered per request.
/// </summary>
/// <remarks>
/// Supports Python's mapping form <c>%(key)[flags][width][.precision]type</c> with the flags <c>-+ 0#</c> and the
/// types <c>s r d i u f F e E g G x X o</c>, and <c>%%</c>. Unlike eventlet, which raises <c>KeyError</c> on every
/// request when the template names an unknown key, an unknown key or a malformed directive is rejected once, when
/// the template is compiled.
/// </remarks>
public sealed class AccessLogFormat
{
    /// <summary>The keys a template may use, as eventlet provides them.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["client_ip", "date_time", "request_line", "status_code", "body_length", "wall_seconds"];

    private readonly Segment[] _segments;

    private AccessLogFormat(string template, Segment[] segments)
    {
        Template = template;
        _segments = segments;
    }

    /// <summary>The template as given.</summary>
    public string Template { get; }

    /// <summary>Compiles a template.</summary>
    /// <exception cref="FormatException">Malformed directive or unknown key; the message names it and its position.</exception>
    public static AccessLogFormat Parse(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            if (c != '%')
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (i + 1 < template.Length && template[i + 1] == '%')
            {
                literal.Append('%');
                i += 2;
                continue;
            }

            int start = i;
            i++;
            if (i >= template.Length || template[i] != '(')
            {
                throw Error(template, start, "expected '%(key)' (only the mapping form is supported)");
            }

            int close = template.IndexOf(')', i);
            if (close < 0)
            {
                throw Error(template, start, "missing ')'");
            }

            string key = template[(i + 1)..close];
            if (!Keys.Contains(key))
            {
                throw Error(template, start, $"unknown key '{key}'; known keys are {string.Join(", ", Keys)}");
            }

            i = close + 1;
            string flags = "";
            while (i < template.Length && "-+ 0#".Contains(template[i], StringComparison.Ordinal))
            {
                flags += template[i];
                i++;
            }

            int width = ReadNumber(template, ref i);
            int precision = -1;
            if (i < template.Length && template[i] == '.')
            {
                i++;
                precision = Math.Max(0, ReadNumber(template, ref i));
            }

            if (i >= template.Length || !"srdiufFeEgGxXo".Contains(template[i], StringComparison.Ordinal))
            {
                throw Error(template, start, "missing or unsupported conversion type");
            }

            if (literal.Length > 0)
            {
                segments.Add(Segment.Text(literal.ToString()));
                literal.Clear();
            }

            segments.Add(Segment.Directive(key, flags, width, precision, template[i]));
            i++;
        }

        if (literal.Length > 0)
        {
            segments.Add(Segment.Text(literal.ToString()));
        }

        return new AccessLogFormat(template, [.. segments]);
    }

    /// <summary>Renders one line.</summary>
    /// <remarks>
    /// The directives of the default template and of the common custom ones (<c>%(key)s</c>, <c>%(key)d</c>,
    /// <c>%(key).Nf</c> without flags or width) are formatted straight into a stack buffer; others go through the
    /// general Python-compatible conversion.
    /// </remarks>
    public string Render(in AccessLogEntry entry)
    {
        var line = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        foreach (var segment in _segments)
        {
            if (segment.Literal is not null)
            {
                line.AppendLiteral(segment.Literal);
                continue;
            }

            switch (segment.Fast)
            {
                case FastPath.Text:
                    line.AppendLiteral(TextOf(segment.Field, entry));
                    break;
                case FastPath.Integer:
                    line.AppendFormatted(segment.Field == Field.StatusCode ? entry.StatusCode : entry.BodyLength);
                    break;
                case FastPath.Fixed when segment.Field == Field.WallSeconds:
                    line.AppendFormatted(entry.WallSeconds, segment.NumberFormat);
                    break;
                default:
                    line.AppendLiteral(Pad(Convert(ValueOf(segment.Field, entry), segment), segment));
                    break;
            }
        }

        return line.ToStringAndClear();
    }

    private static string TextOf(Field field, in AccessLogEntry entry) => field switch
    {
        Field.ClientIp => entry.ClientIp,
        Field.DateTime => entry.DateTime,
        _ => entry.RequestLine,
    };

    private static object ValueOf(Field field, in AccessLogEntry entry) => field switch
    {
        Field.ClientIp => entry.ClientIp,
        Field.DateTime => entry.DateTime,
        Field.RequestLine => entry.RequestLine,
        Field.StatusCode => entry.StatusCode,
        Field.BodyLength => entry.BodyLength,
        _ => entry.WallSeconds,
    };

    private static string Convert(object value, Segment s)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (s.Type)
        {
            case 's':
            case 'r':
                string text = value switch
                {
                    double d => PythonRepr(d),
                    IFormattable f => f.ToString(null, inv),
                    _ => value.ToString() ?? "",
                };
                if (s.Type == 'r' && value is string)
                {
                    text = "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
                }

                return s.Precision >= 0 && text.Length > s.Precision ? text[..s.Precision] : text;
            case 'd':
            case 'i':
            case 'u':
                return WithSign(ToLong(value, s).ToString(inv), s);
            case 'x':
            case 'X':
            case 'o':
                long n = ToLong(value, s);
                string digits = s.Type == 'o' ? System.Convert.ToString(Math.Abs(n), 8) : Math.Abs(n).ToString(s.Type == 'x' ? "x" : "X", inv);
                if (s.Flags.Contains('#', StringComparison.Ordinal))
                {
                    digits = (s.Type == 'o' ? "0o" : s.Type == 'x' ? "0x" : "0X") + digits;
                }

                return WithSign(n < 0 ? "-" + digits : digits, s);
            default:
                double number = ToDouble(value, s);
                int precision = s.Precision < 0 ? 6 : s.Precision;
                string formatted = s.Type switch
                {
                    'f' or 'F' => number.ToString("F" + precision.ToString(inv), inv),
                    'e' or 'E' => PythonExponent(number, precision, s.Type),
                    _ => number.ToString((s.Type == 'g' ? "g" : "G") + Math.Max(1, precision).ToString(inv), inv),
                };
                return WithSign(formatted, s);
        }
    }

    private static string PythonExponent(double number, int precision, char type)
    {
        // .NET writes "1.5e+003"; Python writes "1.5e+03".
        string raw = number.ToString((type == 'e' ? "e" : "E") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int e = raw.IndexOfAny(['e', 'E']);
        string mantissa = raw[..(e + 2)];
        string exponent = raw[(e + 2)..].TrimStart('0');
        return mantissa + exponent.PadLeft(2, '0');
    }

    private static string PythonRepr(double d) =>
        d == Math.Floor(d) && Math.Abs(d) < 1e16 ? d.ToString("F1", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);

    private static string WithSign(string text, Segment s)
    {
        if (text.StartsWith('-'))
        {
            return text;
        }

        return s.Flags.Contains('+', StringComparison.Ordinal) ? "+" + text
            : s.Flags.Contains(' ', StringComparison.Ordinal) ? " " + text
            : text;
    }

    private static string Pad(string text, Segment s)
    {
        if (s.Width <= text.Length)
        {
            return text;
        }

        if (s.Flags.Contains('-', StringComparison.Ordinal))
        {
            return text.PadRight(s.Width);
        }

        if (s.Flags.Contains('0', StringComparison.Ordinal) && s.Type is not ('s' or 'r'))
        {
            int signLength = text.Length > 0 && text[0] is '-' or '+' or ' ' ? 1 : 0;
            return text[..signLength] + text[signLength..].PadLeft(s.Width - signLength, '0');
        }

        return text.PadLeft(s.Width);
    }

    private static long ToLong(object value, Segment s) => value switch
    {
        int i => i,
        long l => l,
        double d => (long)Math.Truncate(d),
        _ => throw new FormatException($"%({s.Key}){s.Type} needs a number, but {s.Key} is a string"),
    };

    private static double ToDouble(object value, Segment s) => value switch
    {
        int i => i,
        long l => l,
        double d => d,
        _ => throw new FormatException($"%({s.Key}){s.Type} needs a number, but {s.Key} is a string"),
    };

    private static int ReadNumber(string template, ref int i)
    {
        int start = i;
        while (i < template.Length && char.IsAsciiDigit(template[i]))
        {
            i++;
        }

        return i == start ? -1 : int.Parse(template.AsSpan(start, i - start), CultureInfo.InvariantCulture);
    }

    private static FormatException Error(string template, int position, string what) =>
        new($"wsgi_log_format: {what} at position {position} in \"{template}\"");

    private enum Field
    {
        ClientIp,
        DateTime,
        RequestLine,
        StatusCode,
        BodyLength,
        WallSeconds,
    }

    /// <summary>How a directive can be written without the general conversion.</summary>
    private enum FastPath
    {
        None,
        Text,
        Integer,
        Fixed,
    }

    private sealed record Segment(string? Literal, string? Key, string Flags, int Width, int Precision, char Type)
    {
        public Field Field { get; private init; }

        public FastPath Fast { get; private init; }

        /// <summary>The .NET format of a fast <c>%.Nf</c>: <c>F</c> and the precision.</summary>
        public string? NumberFormat { get; private init; }

        public static Segment Text(string literal) => new(literal, null, "", -1, -1, ' ');

        public static Segment Directive(string key, string flags, int width, int precision, char type)
        {
            var field = (Field)Keys.ToList().IndexOf(key);
            bool plain = flags.Length == 0 && width < 0;
            bool text = field is Field.ClientIp or Field.DateTime or Field.RequestLine;
            FastPath fast = !plain ? FastPath.None
                : text && type == 's' && precision < 0 ? FastPath.Text
                : !text && field != Field.WallSeconds && type is 's' or 'd' or 'i' or 'u' && precision < 0 ? FastPath.Integer
                : field == Field.WallSeconds && type is 'f' or 'F' ? FastPath.Fixed
                : FastPath.None;
            return new Segment(null, key, flags, width, precision, type)
            {
                Field = field,
                Fast = fast,
                NumberFormat = fast == FastPath.Fixed ? "F" + (precision < 0 ? 6 : precision).ToString(CultureInfo.InvariantCulture) : null,
            };
        }
    }
}
