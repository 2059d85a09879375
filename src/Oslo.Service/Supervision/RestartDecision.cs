namespace Oslo.Service.Supervision;

/// <summary>How long to wait before the next restart, and why.</summary>
/// <param name="Delay">Zero to restart at once.</param>
/// <param name="Reason">The rule that set the delay.</param>
internal readonly record struct RestartDecision(TimeSpan Delay, RestartReason Reason);
