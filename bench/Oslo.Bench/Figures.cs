using System.Globalization;

namespace Oslo.Bench;

/// <summary>
/// Prints figures in the one format <c>bench/run</c> promises. While a <see cref="Repetitions"/> collection is
/// active, figures go to it (and, as progress, to stderr) instead of stdout, so that only the aggregate is printed.
/// </summary>
internal static class Figures
{
    private static Repetitions? s_collector;

    /// <summary>Prints <c>scenario.system.metric=value</c>, or hands it to the active collection.</summary>
    public static void Print(string scenario, string system, string metric, double value)
    {
        string key = $"{scenario}.{system}.{metric}";
        if (s_collector is { } collector)
        {
            collector.Add(key, value);
            Console.Error.WriteLine($"  {Line(key, value)}");
            return;
        }

        Console.Out.WriteLine(Line(key, value));
    }

    /// <summary>
    /// Prints <c>scenario.ratio_peer.metric=value</c>, oriented so that above 1 means ours is better:
    /// peer/ours when lower is better (times, memory), ours/peer when higher is better (throughput).
    /// </summary>
    public static void Ratio(string scenario, string peer, string metric, double ours, double theirs, bool lowerIsBetter = true)
    {
        double ratio = lowerIsBetter ? theirs / ours : ours / theirs;
        Print(scenario, "ratio_" + peer, metric, ratio);
    }

    /// <summary>Sends every figure printed until the returned scope is disposed to <paramref name="collector"/>.</summary>
    public static IDisposable CollectInto(Repetitions collector)
    {
        s_collector = collector;
        return new Scope();
    }

    /// <summary>Formats one figure line.</summary>
    public static string Line(string key, double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{key}={Format(value)}");

    private static string Format(double value) =>
        Math.Abs(value - Math.Round(value)) < 1e-9 && Math.Abs(value) < 1e15
            ? ((long)Math.Round(value)).ToString(CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed class Scope : IDisposable
    {
        public void Dispose() => s_collector = null;
    }
}
