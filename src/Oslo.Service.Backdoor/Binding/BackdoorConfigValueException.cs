namespace Oslo.Service.Backdoor.Binding;

/// <summary>
/// oslo's <c>EventletBackdoorConfigValueError</c>: a backdoor option has a value of the wrong form. The message names
/// the option, the value and the accepted forms (oslo swaps the detail and the help text; we do not).
/// </summary>
/// <remarks>A "cannot start" error (<see cref="Oslo.Config.OsloStartupException"/>); also raised for a
/// <c>backdoor_token_file</c> that cannot be read or that others can read.</remarks>
public sealed class BackdoorConfigValueException : Oslo.Config.OsloStartupException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="option">The option name (<c>backdoor_port</c>).</param>
    /// <param name="value">The value as configured.</param>
    /// <param name="detail">What is wrong with it.</param>
    public BackdoorConfigValueException(string option, string value, string detail)
        : base($"Invalid value '{value}' for option [DEFAULT] {option}: {detail}. Accepted forms: {AcceptedForms}")
    {
        Option = option;
        Value = value;
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public BackdoorConfigValueException(string message) : base(message)
    {
        Option = "";
        Value = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BackdoorConfigValueException(string message, Exception innerException) : base(message, innerException)
    {
        Option = "";
        Value = "";
    }

    /// <summary>Creates the exception without a message.</summary>
    public BackdoorConfigValueException()
        : base("Invalid value for a backdoor option")
    {
        Option = "";
        Value = "";
    }

    /// <summary>The accepted forms of <c>backdoor_port</c>, as the error message states them.</summary>
    public const string AcceptedForms =
        "0 (a free port chosen by the system), <port> (1-65535; the backdoor is not enabled if it is in use), "
        + "or <start>:<end> (the lowest free port in that range, 1 <= start <= end <= 65535)";

    /// <summary>The option name.</summary>
    public string Option { get; }

    /// <summary>The value as configured.</summary>
    public string Value { get; }
}
