namespace Oslo.Config;

/// <summary>
/// A value from a config file is not valid for its option (oslo's <c>ConfigFileValueError</c>). Unlike oslo, the
/// message names the file <em>and line</em>: <c>Value for option port from /etc/x.conf:12 is not valid: ...</c>.
/// </summary>
public sealed class ConfigFileValueException : ConfigSourceValueException
{
    /// <summary>Creates the exception.</summary>
    public ConfigFileValueException(string optName, string where, string reason, Exception? innerException = null)
        : base(optName, where, reason, innerException) { }

    private ConfigFileValueException(string message, string optName, string reason, Exception? innerException, bool fromDefault)
        : base(message, optName, fromDefault ? "default" : "", reason, innerException) { }

    /// <summary>oslo's <c>validate_default_values</c> error: <c>Default value for option {name} is not valid: {reason}</c>.</summary>
    public static ConfigFileValueException ForDefault(string optName, string reason, Exception? innerException = null) =>
        new($"Default value for option {optName} is not valid: {reason}", optName, reason, innerException, fromDefault: true);
}
