namespace Oslo.Config;

/// <summary>Where a raw value came from; decides the error type and the precedence rules.</summary>
internal enum SourceKind
{
    File,
    CommandLine,
    Environment,
}

/// <summary>A raw (unconverted) value and its origin: a file assignment, or a described source.</summary>
internal sealed record RawItem(string Value, SourceKind Kind, Ini.IniValue? Assignment = null, string? Origin = null)
{
    /// <summary>Where the value came from, e.g. <c>/etc/x.conf:12</c> (built only when an error needs it).</summary>
    public string Where => Assignment?.Where ?? Origin ?? "";

    public static RawItem FromFile(Ini.IniValue value) => new(value.Value, SourceKind.File, value);
}

/// <summary>A raw value found for an option: every item (one for single-valued options) and the deprecated name it came through.</summary>
internal sealed record RawValue(IReadOnlyList<RawItem> Items, DeprecatedOpt? ViaDeprecated = null)
{
    /// <summary>A text used to tell whether a value changed between two parses.</summary>
    public string Fingerprint => string.Join('\0', Items.Select(i => i.Value));
}
