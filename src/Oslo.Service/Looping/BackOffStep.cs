namespace Oslo.Service.Looping;

/// <summary>The outcome of one back-off step, in seconds.</summary>
/// <param name="State">The state for the next step.</param>
/// <param name="IdleSeconds">The sleep before the next run; when <paramref name="TimedOut"/>, the total that passed the timeout.</param>
/// <param name="TimedOut">Whether the loop must end with <see cref="LoopingCallTimeOut"/>.</param>
internal readonly record struct BackOffStep(BackOffState State, double IdleSeconds, bool TimedOut);
