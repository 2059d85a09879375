namespace Oslo.Service.Looping;

/// <summary>
/// A looping call ran out of time: raised by <see cref="FixedIntervalWithTimeoutLoopingCall"/> and
/// <see cref="BackOffLoopingCall"/> with oslo's message "Looping call timed out after N seconds".
/// </summary>
public sealed class LoopingCallTimeOut : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public LoopingCallTimeOut()
        : base("Looping call timed out")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The exception message.</param>
    public LoopingCallTimeOut(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The exception message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public LoopingCallTimeOut(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates oslo's "Looping call timed out after N seconds" exception.</summary>
    /// <param name="elapsed">The time that ran out.</param>
    internal static LoopingCallTimeOut After(TimeSpan elapsed) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Looping call timed out after {elapsed.TotalSeconds:0.00} seconds"));
}
