using System.Diagnostics.Metrics;
using System.Globalization;

namespace Oslo.Service.Metrics;

/// <summary>
/// Listens to the Oslo meters of this process (<see cref="OsloMeters.All"/>) and keeps every series cumulative
/// since it started, for the family endpoint: a worker sends <see cref="Snapshot"/> to its parent, the parent
/// renders its own next to its workers'.
/// </summary>
/// <remarks>
/// Hand-written, not the OpenTelemetry SDK's MeterProvider with a custom exporter: the parent must merge its
/// workers' histograms bucket by bucket into one exposition, and .NET has no observable histogram through which
/// the parent could hand them to a MeterProvider again. The aggregation kept here is the small part of it that is
/// needed: sums, last values and explicit-bucket histograms.
/// </remarks>
internal sealed class MetricsCollector : IDisposable
{
    // OpenTelemetry's default explicit buckets, for a histogram without advice.
    private static readonly double[] s_defaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly MeterListener _listener = new();
    private readonly HashSet<string> _meters;
    private readonly List<InstrumentState> _instruments = [];
    private readonly Lock _lock = new();

    /// <summary>Starts listening to <paramref name="meters"/> (default: every Oslo meter).</summary>
    internal MetricsCollector(IEnumerable<string>? meters = null)
    {
        _meters = [.. meters ?? OsloMeters.All];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.Contains(instrument.Meter.Name))
            {
                var state = new InstrumentState(instrument);
                lock (_lock)
                {
                    _instruments.Add(state);
                }

                listener.EnableMeasurementEvents(instrument, state);
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) =>
        {
            lock (_lock)
            {
                _ = _instruments.Remove((InstrumentState)state!);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Every series now (observable instruments are read first).</summary>
    internal MetricsSnapshot Snapshot()
    {
        _listener.RecordObservableInstruments();
        InstrumentState[] instruments;
        lock (_lock)
        {
            instruments = [.. _instruments];
        }

        return new MetricsSnapshot([.. instruments.SelectMany(instrument => instrument.Points())]);
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();

    private sealed class InstrumentState
    {
        private readonly Instrument _instrument;
        private readonly MetricKind _kind;
        private readonly bool _cumulativeObservations;
        private readonly double[] _bounds;
        private readonly List<Series> _series = [];
        private readonly Lock _lock = new();

        internal InstrumentState(Instrument instrument)
        {
            _instrument = instrument;
            Type type = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
            _kind = type == typeof(Counter<>) || type == typeof(ObservableCounter<>) ? MetricKind.Counter
                : type == typeof(Histogram<>) ? MetricKind.Histogram
                : MetricKind.Gauge;

            // Observable instruments report their current (for counters: cumulative) value: set, not added.
            _cumulativeObservations = instrument.IsObservable || type == typeof(Gauge<>);
            _bounds = instrument switch
            {
                Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
                Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
                Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
                _ => null,
            } ?? s_defaultBounds;
        }

        internal void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_lock)
            {
                Series series = Find(tags);
                switch (_kind)
                {
                    case MetricKind.Histogram:
                        int bucket = 0;
                        while (bucket < _bounds.Length && value > _bounds[bucket])
                        {
                            bucket++;
                        }

                        series.Buckets![bucket]++;
                        series.Sum += value;
                        series.Count++;
                        break;
                    default:
                        series.Value = _cumulativeObservations ? value : series.Value + value;
                        break;
                }
            }
        }

        internal IEnumerable<MetricPoint> Points()
        {
            lock (_lock)
            {
                return [.. _series.Select(series => new MetricPoint(
                    _instrument.Name, _instrument.Unit ?? "", _instrument.Description ?? "", _kind, series.Tags,
                    series.Value, _kind == MetricKind.Histogram ? _bounds : [], series.Buckets is null ? [] : [.. series.Buckets],
                    series.Sum, series.Count))];
            }
        }

        // A linear walk: an instrument has a handful of series (methods × status codes, task names), and comparing
        // the tags in place costs no allocation per measurement, unlike building a key for a dictionary.
        private Series Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (Series candidate in _series)
            {
                if (candidate.Matches(tags))
                {
                    return candidate;
                }
            }

            var series = new Series(tags, _kind == MetricKind.Histogram ? new long[_bounds.Length + 1] : null);
            _series.Add(series);
            return series;
        }
    }

    private sealed class Series
    {
        internal Series(ReadOnlySpan<KeyValuePair<string, object?>> tags, long[]? buckets)
        {
            var sorted = new List<KeyValuePair<string, string>>(tags.Length);
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                sorted.Add(new(tag.Key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
            }

            sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            Tags = sorted;
            Raw = [.. tags.ToArray().Select(t => t.Value)];
            RawKeys = [.. tags.ToArray().Select(t => t.Key)];
            Buckets = buckets;
        }

        internal IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

        internal double Value { get; set; }

        internal long[]? Buckets { get; }

        internal double Sum { get; set; }

        internal long Count { get; set; }

        private object?[] Raw { get; }

        private string[] RawKeys { get; }

        internal bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length != Raw.Length)
            {
                return false;
            }

            for (int i = 0; i < tags.Length; i++)
            {
                if (!string.Equals(tags[i].Key, RawKeys[i], StringComparison.Ordinal) || !Equals(tags[i].Value, Raw[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
