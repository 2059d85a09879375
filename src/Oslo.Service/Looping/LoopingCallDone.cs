namespace Oslo.Service.Looping;

/// <summary>
/// Thrown by a looping call's callback to end the loop successfully; <see cref="LoopingCallBase.WaitAsync"/> then
/// returns <see cref="ReturnValue"/>. It ends the loop even with <c>stopOnException: false</c>, and it is never
/// logged as an error (oslo's <c>LoopingCallDone</c>).
/// </summary>
public sealed class LoopingCallDone : Exception
{
    /// <summary>Ends the loop with the result <see langword="true"/>, as oslo's default <c>retvalue</c>.</summary>
    public LoopingCallDone()
        : this(true)
    {
    }

    /// <summary>Ends the loop with the given result.</summary>
    /// <param name="returnValue">What <see cref="LoopingCallBase.WaitAsync"/> returns.</param>
    public LoopingCallDone(object? returnValue)
        : base("The looping call is done.")
    {
        ReturnValue = returnValue;
    }

    /// <summary>Ends the loop with the result <see langword="true"/> and a custom message.</summary>
    /// <param name="message">The exception message.</param>
    public LoopingCallDone(string message)
        : base(message)
    {
        ReturnValue = true;
    }

    /// <summary>Ends the loop with the result <see langword="true"/>, a custom message and an inner exception.</summary>
    /// <param name="message">The exception message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public LoopingCallDone(string message, Exception innerException)
        : base(message, innerException)
    {
        ReturnValue = true;
    }

    /// <summary>The result of the loop.</summary>
    public object? ReturnValue { get; }
}
