namespace Oslo.Service.Wsgi.Paste;

/// <summary>oslo's <c>wsgi.ConfigNotFound</c>: "Could not find config at %(path)s".</summary>
public sealed class ConfigNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception for a path.</summary>
    public ConfigNotFoundException(string path)
        : base($"Could not find config at {path}", path) => Path = path;

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
