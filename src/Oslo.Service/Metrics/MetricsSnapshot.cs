using System.Globalization;
using System.Text;

namespace Oslo.Service.Metrics;

/// <summary>
/// Every series of one process at one moment, and its wire form on the control channel between a worker and its
/// parent: UTF-8 lines <c>kind TAB name TAB unit TAB description TAB tags TAB values</c>, with tab, newline and
/// backslash escaped in each field. A text form and not a binary one so a capture of the channel can be read.
/// </summary>
internal sealed class MetricsSnapshot(IReadOnlyList<MetricPoint> points)
{
    private const char TagSeparator = '\u001f';

    /// <summary>No series.</summary>
    internal static MetricsSnapshot Empty { get; } = new([]);

    /// <summary>The series.</summary>
    internal IReadOnlyList<MetricPoint> Points { get; } = points;

    /// <summary>The value of counter <paramref name="name"/> summed over its series, or a histogram's count.</summary>
    internal double Total(string name) =>
        Points.Where(p => p.Name == name).Sum(p => p.Kind == MetricKind.Histogram ? p.Count : p.Value);

    /// <summary>The wire form.</summary>
    internal byte[] Serialize()
    {
        var text = new StringBuilder();
        foreach (MetricPoint point in Points)
        {
            text.Append(point.Kind switch { MetricKind.Counter => 'C', MetricKind.Gauge => 'G', _ => 'H' }).Append('\t');
            Append(text, point.Name).Append('\t');
            Append(text, point.Unit).Append('\t');
            Append(text, point.Description).Append('\t');
            Append(text, string.Join(TagSeparator, point.Tags.Select(t => t.Key + "=" + t.Value))).Append('\t');
            if (point.Kind == MetricKind.Histogram)
            {
                text.Append(CultureInfo.InvariantCulture, $"{point.Count}\t{Number(point.Sum)}\t")
                    .AppendJoin(',', point.Bounds.Select(Number)).Append('\t')
                    .AppendJoin(',', point.BucketCounts);
            }
            else
            {
                text.Append(Number(point.Value));
            }

            text.Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads the wire form; a malformed line is skipped (a newer worker may send kinds this parent does not know).</summary>
    internal static MetricsSnapshot Parse(ReadOnlySpan<byte> payload)
    {
        var points = new List<MetricPoint>();
        foreach (string line in Encoding.UTF8.GetString(payload).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split('\t');
            if (fields.Length < 6)
            {
                continue;
            }

            try
            {
                string tagText = Unescape(fields[4]);
                KeyValuePair<string, string>[] tags = tagText.Length == 0
                    ? []
                    : [.. tagText.Split(TagSeparator).Select(t => t.Split('=', 2)).Select(kv => new KeyValuePair<string, string>(kv[0], kv.Length > 1 ? kv[1] : ""))];
                string name = Unescape(fields[1]), unit = Unescape(fields[2]), description = Unescape(fields[3]);
                MetricPoint point = fields[0] switch
                {
                    "C" => new MetricPoint(name, unit, description, MetricKind.Counter, tags, ParseNumber(fields[5]), [], [], 0, 0),
                    "G" => new MetricPoint(name, unit, description, MetricKind.Gauge, tags, ParseNumber(fields[5]), [], [], 0, 0),
                    "H" when fields.Length >= 9 => new MetricPoint(name, unit, description, MetricKind.Histogram, tags, 0,
                        fields[7].Length == 0 ? [] : [.. fields[7].Split(',').Select(ParseNumber)],
                        [.. fields[8].Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture))],
                        ParseNumber(fields[6]), long.Parse(fields[5], CultureInfo.InvariantCulture)),
                    _ => throw new FormatException(),
                };
                points.Add(point);
            }
            catch (FormatException)
            {
                // Skipped, see above.
            }
        }

        return new MetricsSnapshot(points);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double ParseNumber(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static StringBuilder Append(StringBuilder text, string field)
    {
        foreach (char c in field)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '\t' => text.Append("\\t"),
                '\n' => text.Append("\\n"),
                _ => text.Append(c),
            };
        }

        return text;
    }

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 1 < field.Length)
            {
                i++;
                text.Append(field[i] switch { 't' => '\t', 'n' => '\n', _ => field[i] });
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }
}
