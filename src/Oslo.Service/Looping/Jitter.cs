namespace Oslo.Service.Looping;

/// <summary>The default randomizers of the timing features, over <see cref="Random.Shared"/>.</summary>
public static class Jitter
{
    /// <summary>A uniform sample in [0, 1), like Python's <c>random.random()</c>.</summary>
    /// <returns>The sample.</returns>
    public static double Uniform() => Random.Shared.NextDouble();

    /// <summary>A normal sample (Box–Muller), like Python's <c>random.gauss(mean, sigma)</c>.</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="standardDeviation">The standard deviation.</param>
    /// <returns>The sample.</returns>
    public static double Gauss(double mean, double standardDeviation)
    {
        double u1 = 1.0 - Random.Shared.NextDouble();
        double u2 = Random.Shared.NextDouble();
        double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return mean + (standardDeviation * z);
    }
}
