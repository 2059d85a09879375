using Oslo.Config;

namespace Oslo.Service.Wsgi.Paste;

/// <summary>
/// oslo's <c>wsgi.PasteAppNotFound</c>: "Could not load paste app '%(name)s' from %(path)s". A "cannot start" error:
/// an <see cref="OsloStartupException"/>.
/// </summary>
public sealed class PasteAppNotFoundException : OsloStartupException
{
    /// <summary>Creates the exception for an app name and the paste file.</summary>
    public PasteAppNotFoundException(string name, string path, Exception? innerException = null)
        : base($"Could not load paste app '{name}' from {path}" + (innerException is null ? "" : $": {innerException.Message}"), innerException)
    {
        Name = name;
        Path = path;
    }

    /// <summary>Creates the exception.</summary>
    public PasteAppNotFoundException()
        : this("", "")
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public PasteAppNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Name = "";
        Path = "";
    }

    /// <summary>The app name asked for.</summary>
    public string Name { get; }

    /// <summary>The paste file.</summary>
    public string Path { get; }
}
