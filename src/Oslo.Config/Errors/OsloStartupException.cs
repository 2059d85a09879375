namespace Oslo.Config;

/// <summary>
/// The one type a <c>Program.cs</c> catches to say "cannot start" and exit 1: bad configuration (every
/// <see cref="OsloConfigException"/>), a missing or unreadable file, a certificate that does not load, an endpoint
/// that cannot be bound. Its <see cref="Exception.Message"/> is one line that names the file, line, option,
/// endpoint or signal, what was expected and what was found.
/// </summary>
public class OsloStartupException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public OsloStartupException(string message) : base(message) { }

    /// <summary>Creates the exception with its one-line message and the error that caused it.</summary>
    public OsloStartupException(string message, Exception? innerException) : base(message, innerException) { }
}
