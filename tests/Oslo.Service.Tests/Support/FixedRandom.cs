namespace Oslo.Service.Tests.Support;

/// <summary>A <see cref="Random"/> whose every draw is <paramref name="value"/>: the jitter seam of the timing features.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
