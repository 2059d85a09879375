namespace Oslo.Bench;

/// <summary>
/// The figures of several repetitions of one scenario, reduced to the median with its minimum and maximum
/// (<c>KEY=median</c>, <c>KEY_min=…</c>, <c>KEY_max=…</c>; bench/table shows them as "median (min–max)").
/// Ratio figures are paired — ours and the peer ran back to back in the same repetition — so a ratio's median is
/// the median of the per-repetition ratios, printed without a range.
/// </summary>
internal sealed class Repetitions
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);

    /// <summary>The number of repetitions that ran to their end.</summary>
    public int Completed { get; set; }

    /// <summary>Records one figure of the current repetition.</summary>
    public void Add(string key, double value)
    {
        if (!_values.TryGetValue(key, out List<double>? values))
        {
            values = [];
            _values.Add(key, values);
            _order.Add(key);
        }

        values.Add(value);
    }

    /// <summary>The aggregate lines, in the order the figures first appeared.</summary>
    public IEnumerable<string> Lines()
    {
        foreach (string key in _order)
        {
            List<double> values = _values[key];
            yield return Figures.Line(key, Median(values));
            bool isRatio = key.Split('.')[1].StartsWith("ratio_", StringComparison.Ordinal);
            if (!isRatio && Completed > 1)
            {
                yield return Figures.Line(key + "_min", values.Min());
                yield return Figures.Line(key + "_max", values.Max());
            }
        }

    }

    /// <summary>The median: the middle value, or the mean of the two middle values of an even count.</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
