using System.Globalization;

namespace Oslo.Bench;

/// <summary>Prints figures in the one format <c>bench/run</c> promises.</summary>
internal static class Figures
{
    /// <summary>Prints <c>scenario.system.metric=value</c>.</summary>
    public static void Print(string scenario, string system, string metric, double value) =>
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario}.{system}.{metric}={Format(value)}"));

    /// <summary>
    /// Prints <c>scenario.ratio_peer.metric=value</c>, oriented so that above 1 means ours is better:
    /// peer/ours when lower is better (times, memory), ours/peer when higher is better (throughput).
    /// </summary>
    public static void Ratio(string scenario, string peer, string metric, double ours, double theirs, bool lowerIsBetter = true)
    {
        double ratio = lowerIsBetter ? theirs / ours : ours / theirs;
        Print(scenario, "ratio_" + peer, metric, ratio);
    }

    private static string Format(double value) =>
        Math.Abs(value - Math.Round(value)) < 1e-9 && Math.Abs(value) < 1e15
            ? ((long)Math.Round(value)).ToString(CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);
}
