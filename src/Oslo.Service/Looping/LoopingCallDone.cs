namespace Oslo.Service.Looping;

/// <summary>
/// Thrown by a looping call's callback to end the loop successfully; <see cref="LoopingCallBase.WaitAsync"/> then
/// returns <see cref="ReturnValue"/>. It ends the loop even with <c>stopOnException: false</c>, and it is never
/// logged as an error (oslo's <c>LoopingCallDone</c>).
/// </summary>
/// <remarks>
/// It has no message-only constructor on purpose: <c>new LoopingCallDone("text")</c> must carry "text" as the result,
/// as <c>LoopingCallDone(retvalue)</c> does in oslo.
/// </remarks>
#pragma warning disable CA1032 // The standard (string message) constructor would capture string results as messages.
public sealed class LoopingCallDone : Exception
#pragma warning restore CA1032
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

    /// <summary>The result of the loop.</summary>
    public object? ReturnValue { get; }
}
