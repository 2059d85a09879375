namespace Oslo.Config.Ini;

/// <summary>One assignment of a config file: its value (continuation lines joined with <c>\n</c>) and where it is.</summary>
/// <param name="Value">The value with surrounding quotes removed.</param>
/// <param name="File">The file path.</param>
/// <param name="Line">The 1-based line of the key.</param>
public sealed record IniValue(string Value, string File, int Line)
{
    /// <summary><c>/path/f.conf:12</c>, the location used in error messages.</summary>
    public string Where => $"{File}:{Line}";
}
