namespace Oslo.Service.Looping;

/// <summary>The back-off state between runs, in seconds.</summary>
/// <param name="Interval">The current base interval.</param>
/// <param name="ErrorTime">The time slept since the last success.</param>
internal readonly record struct BackOffState(double Interval, double ErrorTime);
