using Oslo.Config;

namespace Oslo.Service.Wsgi;

/// <summary>
/// A <see cref="Server"/> could not listen on its endpoint: the port is in use, the address is not on this host, the
/// host name does not resolve, a privileged port without the right, a Unix socket path that exists. Its message is
/// oslo's "Could not bind to {endpoint}" followed by the system's reason.
/// </summary>
public sealed class ServerBindException : OsloStartupException
{
    /// <summary>Creates the exception for an endpoint and the error that caused it.</summary>
    /// <param name="endpoint"><c>host:port</c>, or the Unix socket path.</param>
    /// <param name="reason">The system's reason, e.g. "Address already in use".</param>
    /// <param name="innerException">The socket error.</param>
    public ServerBindException(string endpoint, string reason, Exception? innerException = null)
        : base($"Could not bind to {endpoint}: {reason}", innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>The endpoint that could not be bound: <c>host:port</c>, or the Unix socket path.</summary>
    public string Endpoint { get; }
}
