using Oslo.Config;

namespace Oslo.Service.Wsgi.Ssl;

/// <summary>
/// A problem with the <c>[ssl]</c> options or files (oslo raises <c>RuntimeError</c>): a missing file, a cert
/// without a key, an unknown or refused version, an unknown cipher, an encrypted or unreadable key. A "cannot start" error: an <see cref="OsloStartupException"/>.
/// </summary>
public sealed class SslConfigurationException : OsloStartupException
{
    /// <summary>Creates the exception.</summary>
    public SslConfigurationException()
        : base("Invalid [ssl] configuration")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SslConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SslConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
