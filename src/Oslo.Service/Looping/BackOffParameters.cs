namespace Oslo.Service.Looping;

/// <summary>The parameters of <see cref="BackOffLoopingCall.Start"/>, in seconds, with oslo's defaults.</summary>
/// <param name="StartingInterval">The first failure interval and the success sleep base (default 1).</param>
/// <param name="Timeout">The total error time allowed; 0 or less for none (default 300).</param>
/// <param name="MaxInterval">The cap on one sleep (default 300).</param>
/// <param name="Jitter">The mean of the random factor and the growth factor over 2 (default 0.75).</param>
/// <param name="MinInterval">The floor of one sleep and of the interval (default 0.001).</param>
public sealed record BackOffParameters(
    double StartingInterval = 1,
    double Timeout = 300,
    double MaxInterval = 300,
    double Jitter = 0.75,
    double MinInterval = 0.001);
