namespace Oslo.Config;

/// <summary>
/// A config file breaks the INI dialect (oslo's <c>ConfigFileParseError</c>):
/// <c>Failed to parse /etc/x.conf: at /etc/x.conf:3, No ':' or '=' found in assignment: 'oops'</c>.
/// </summary>
public sealed class ConfigFileParseException : OsloConfigException
{
    /// <summary>Creates the exception from the file, the line number and the parser's reason.</summary>
    /// <param name="configFile">The file.</param>
    /// <param name="lineNumber">The 1-based line.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="line">The offending line, or null where oslo gives none (<c>None</c> in the message, e.g. for an
    /// assignment before any section).</param>
    public ConfigFileParseException(string configFile, int lineNumber, string reason, string? line)
        : base($"Failed to parse {configFile}: at {configFile}:{lineNumber}, {reason}: {(line is null ? "None" : PyRepr.Str(line))}")
    {
        ConfigFile = configFile;
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>The file that failed to parse.</summary>
    public string ConfigFile { get; }

    /// <summary>The 1-based line of the problem.</summary>
    public int LineNumber { get; }

    /// <summary>What is wrong, e.g. <c>Unexpected continuation line</c>.</summary>
    public string Reason { get; }
}
