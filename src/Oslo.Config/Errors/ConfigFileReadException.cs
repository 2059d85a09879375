namespace Oslo.Config;

/// <summary>
/// A config file exists but cannot be read: it is not a regular file (a FIFO, a device, a directory), a symlink
/// loop, an I/O error. <c>Failed to read config file /etc/x.conf: not a regular file (a FIFO)</c>.
/// </summary>
public sealed class ConfigFileReadException : OsloConfigException
{
    /// <summary>Creates the exception from the file and the reason.</summary>
    public ConfigFileReadException(string configFile, string reason)
        : base($"Failed to read config file {configFile}: {reason}")
    {
        ConfigFile = configFile;
        Reason = reason;
    }

    /// <summary>The file that could not be read.</summary>
    public string ConfigFile { get; }

    /// <summary>Why, e.g. <c>not a regular file (a FIFO)</c>.</summary>
    public string Reason { get; }
}
