using Oslo.Config;

namespace Oslo.Service.Wsgi.Paste;

/// <summary>
/// oslo's <c>wsgi.ConfigNotFound</c>: "Could not find config at %(path)s". A "cannot start" error: an
/// <see cref="OsloStartupException"/>.
/// </summary>
public sealed class ConfigNotFoundException : OsloStartupException
{
    /// <summary>Creates the exception for a path.</summary>
    public ConfigNotFoundException(string path)
        : base($"Could not find config at {path}") => Path = path;

    /// <summary>Creates the exception.</summary>
    public ConfigNotFoundException()
        : this("")
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ConfigNotFoundException(string message, Exception innerException)
        : base(message, innerException) => Path = "";

    /// <summary>The path as configured (<c>api_paste_config</c>).</summary>
    public string Path { get; }
}
