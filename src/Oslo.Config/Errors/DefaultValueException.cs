namespace Oslo.Config;

/// <summary>An option's <c>default</c> is not valid for its type (oslo's <c>DefaultValueError</c>).</summary>
public sealed class DefaultValueException : ConfigValueException
{
    /// <summary>Creates the exception with oslo's message text.</summary>
    public DefaultValueException(string message, Exception? innerException = null) : base(message, innerException) { }
}
