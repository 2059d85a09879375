namespace Oslo.Config;

/// <summary>
/// A value from a source (environment, command line) is not valid for its option (oslo's
/// <c>ConfigSourceValueError</c>): <c>Value for option {name} from {where} is not valid: {reason}</c>.
/// </summary>
public class ConfigSourceValueException : OsloConfigException
{
    /// <summary>Creates the exception.</summary>
    public ConfigSourceValueException(string optName, string where, string reason, Exception? innerException = null)
        : base($"Value for option {optName} from {where} is not valid: {reason}", innerException)
    {
        OptName = optName;
        Where = where;
        Reason = reason;
    }

    /// <summary>Creates the exception with a complete message.</summary>
    private protected ConfigSourceValueException(string message, string optName, string where, string reason, Exception? innerException)
        : base(message, innerException)
    {
        OptName = optName;
        Where = where;
        Reason = reason;
    }

    /// <summary>The option whose value is bad.</summary>
    public string OptName { get; }

    /// <summary>Where the value came from (<c>/path/f.conf:12</c>, <c>environment variable OS_X__Y</c>, ...).</summary>
    public string Where { get; }

    /// <summary>The type's reason text.</summary>
    public string Reason { get; }
}
