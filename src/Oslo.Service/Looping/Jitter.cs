namespace Oslo.Service.Looping;

/// <summary>The random draws of the timing features, from the <see cref="Random"/> a user gave or <see cref="Random.Shared"/>.</summary>
internal static class Jitter
{
    /// <summary>A uniform sample in [0, 1), like Python's <c>random.random()</c>.</summary>
    public static double Uniform(Random? random = null) => (random ?? Random.Shared).NextDouble();

    /// <summary>A normal sample (Box–Muller), like Python's <c>random.gauss(mean, sigma)</c>.</summary>
    public static double Gauss(double mean, double standardDeviation, Random? random = null)
    {
        Random source = random ?? Random.Shared;
        double u1 = 1.0 - source.NextDouble();
        double u2 = source.NextDouble();
        double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return mean + (standardDeviation * z);
    }
}
