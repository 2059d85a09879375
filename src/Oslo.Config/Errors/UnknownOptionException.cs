namespace Oslo.Config;

/// <summary>
/// Under <see cref="UnknownOptionHandling.Error"/>: a config file sets an option or section nothing registered,
/// <c>/etc/x.conf:3: [DEFAULT] wokers is not a known option (known in [DEFAULT]: ..., workers)</c>.
/// </summary>
public sealed class UnknownOptionException : OsloConfigException
{
    /// <summary>Creates the exception.</summary>
    public UnknownOptionException(string configFile, int lineNumber, string reason)
        : base($"{configFile}:{lineNumber}: {reason}")
    {
        ConfigFile = configFile;
        LineNumber = lineNumber;
    }

    /// <summary>The file.</summary>
    public string ConfigFile { get; }

    /// <summary>The 1-based line.</summary>
    public int LineNumber { get; }
}
