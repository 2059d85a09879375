namespace Oslo.Config;

/// <summary>Base class of every error raised by Oslo.Config (oslo's <c>cfg.Error</c>).</summary>
public class OsloConfigException : OsloStartupException
{
    /// <summary>Creates the exception with oslo's message text.</summary>
    public OsloConfigException(string message) : base(message) { }

    /// <summary>Creates the exception with oslo's message text and the error that caused it.</summary>
    public OsloConfigException(string message, Exception? innerException) : base(message, innerException) { }
}
