using System.Globalization;
using System.Text;

namespace Oslo.Service.Metrics;

/// <summary>
/// The Prometheus text exposition format (version 0.0.4) of OpenTelemetry-named series, converted as the
/// OpenTelemetry specification's Prometheus compatibility section says: dots and other characters become
/// underscores, the unit becomes a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>, <c>{…}</c>
/// annotations dropped), counters end in <c>_total</c>, histograms are <c>_bucket</c> / <c>_sum</c> / <c>_count</c>.
/// So <c>http.server.request.duration</c> is <c>http_server_request_duration_seconds</c>, as ASP.NET Core's is
/// through the OpenTelemetry Prometheus exporter.
/// </summary>
internal static class PrometheusText
{
    /// <summary>The content type of the format.</summary>
    internal const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Renders groups of series; each group's <c>extraLabel</c> (e.g. <c>worker_id</c>) is added to its series.</summary>
    internal static string Render(IEnumerable<(KeyValuePair<string, string>? ExtraLabel, IReadOnlyList<MetricPoint> Points)> groups)
    {
        // Families first: every series of one metric name must follow its one HELP / TYPE header.
        var families = new SortedDictionary<string, List<(KeyValuePair<string, string>? Extra, MetricPoint Point)>>(StringComparer.Ordinal);
        foreach ((KeyValuePair<string, string>? extra, IReadOnlyList<MetricPoint> points) in groups)
        {
            foreach (MetricPoint point in points)
            {
                string name = MetricName(point);
                if (!families.TryGetValue(name, out var list))
                {
                    families[name] = list = [];
                }

                list.Add((extra, point));
            }
        }

        var text = new StringBuilder();
        foreach ((string name, var series) in families)
        {
            MetricPoint first = series[0].Point;
            string type = first.Kind switch { MetricKind.Counter => "counter", MetricKind.Histogram => "histogram", _ => "gauge" };
            text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(first.Description)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            string sample = first.Kind == MetricKind.Counter ? name + "_total" : name;
            foreach ((KeyValuePair<string, string>? extra, MetricPoint point) in series)
            {
                if (point.Kind == MetricKind.Histogram)
                {
                    long cumulative = 0;
                    for (int i = 0; i < point.BucketCounts.Count; i++)
                    {
                        cumulative += point.BucketCounts[i];
                        string le = i < point.Bounds.Count ? Number(point.Bounds[i]) : "+Inf";
                        Sample(text, name + "_bucket", point.Tags, extra, new("le", le), cumulative);
                    }

                    Sample(text, name + "_sum", point.Tags, extra, null, point.Sum);
                    Sample(text, name + "_count", point.Tags, extra, null, point.Count);
                }
                else
                {
                    Sample(text, sample, point.Tags, extra, null, point.Value);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The Prometheus name of a series' metric (without <c>_total</c>).</summary>
    internal static string MetricName(MetricPoint point)
    {
        string name = Sanitize(point.Name);
        string unit = point.Unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            "1" => point.Kind == MetricKind.Gauge ? "ratio" : "",
            _ when point.Unit.StartsWith('{') => "",
            _ => Sanitize(point.Unit),
        };
        if (unit.Length > 0 && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        if (point.Kind == MetricKind.Counter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            name = name[..^"_total".Length];
        }

        return name;
    }

    /// <summary>Letters, digits and underscores; dots and anything else become underscores.</summary>
    internal static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':' ? c : '_');
        }

        if (text.Length > 0 && char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        return text.ToString();
    }

    private static void Sample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> tags,
        KeyValuePair<string, string>? extra, KeyValuePair<string, string>? le, double value)
    {
        text.Append(name);
        var labels = new List<KeyValuePair<string, string>>(tags.Count + 2);
        labels.AddRange(tags.Select(t => new KeyValuePair<string, string>(Sanitize(t.Key), t.Value)));
        if (extra is { } e)
        {
            labels.Add(e);
        }

        if (le is { } l)
        {
            labels.Add(l);
        }

        if (labels.Count > 0)
        {
            text.Append('{');
            for (int i = 0; i < labels.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(labels[i].Key).Append("=\"").Append(EscapeLabel(labels[i].Value)).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
            : value.ToString("R", CultureInfo.InvariantCulture);

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
