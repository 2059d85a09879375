namespace Oslo.Service.Metrics;

/// <summary>How a series adds up across processes and restarts.</summary>
internal enum MetricKind
{
    /// <summary>Monotonic (a counter): a dead process's last value is kept in the family totals.</summary>
    Counter,

    /// <summary>A current value (an up-down counter or gauge): a dead process's value goes with it.</summary>
    Gauge,

    /// <summary>A histogram: cumulative bucket counts, sum and count, kept like a counter.</summary>
    Histogram,
}

/// <summary>
/// One series of one instrument, cumulative since the process started: a counter's total, a gauge's current value,
/// or a histogram's bucket counts (<see cref="BucketCounts"/> has one more entry than <see cref="Bounds"/>, the
/// +Inf bucket; counts per bucket, not cumulative).
/// </summary>
internal sealed record MetricPoint(
    string Name,
    string Unit,
    string Description,
    MetricKind Kind,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    double Value,
    IReadOnlyList<double> Bounds,
    IReadOnlyList<long> BucketCounts,
    double Sum,
    long Count)
{
    /// <summary>The identity of the series: instrument name and tags.</summary>
    internal string Key { get; } = Name + "\u001f" + string.Join("\u001f", Tags.Select(t => t.Key + "=" + t.Value));

    /// <summary>This point plus <paramref name="other"/> (same series): values, sums, counts and buckets added.</summary>
    internal MetricPoint Plus(MetricPoint other)
    {
        if (Kind != MetricKind.Histogram)
        {
            return this with { Value = Value + other.Value };
        }

        if (!Bounds.SequenceEqual(other.Bounds))
        {
            // Two versions of an instrument with different buckets: the counts cannot be merged bucket by bucket.
            return this with { Sum = Sum + other.Sum, Count = Count + other.Count };
        }

        long[] buckets = new long[BucketCounts.Count];
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = BucketCounts[i] + other.BucketCounts[i];
        }

        return this with { BucketCounts = buckets, Sum = Sum + other.Sum, Count = Count + other.Count };
    }
}
