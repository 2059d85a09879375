namespace Oslo.Config;

/// <summary>
/// A value does not satisfy its type (oslo's <c>ValueError</c> raised by <c>oslo_config.types</c>). The message is
/// oslo's reason text, e.g. <c>Unexpected boolean value 'maybe'</c>.
/// </summary>
public class ConfigValueException : OsloConfigException
{
    /// <summary>Creates the exception with the reason text.</summary>
    public ConfigValueException(string message) : base(message) { }

    /// <summary>Creates the exception with the reason text and the error that caused it.</summary>
    public ConfigValueException(string message, Exception? innerException) : base(message, innerException) { }
}
