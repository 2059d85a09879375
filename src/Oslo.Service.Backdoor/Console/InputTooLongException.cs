namespace Oslo.Service.Backdoor.Console;

/// <summary>A session's unfinished code outgrew <see cref="ConsoleSession.MaxPendingCode"/>.</summary>
internal sealed class InputTooLongException : Exception
{
    public InputTooLongException()
        : base("Input too long.")
    {
    }

    public InputTooLongException(string message)
        : base(message)
    {
    }

    public InputTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
