namespace Oslo.Config;

/// <summary>Where a raw value came from; decides the error type and the precedence rules.</summary>
internal enum SourceKind
{
    File,
    CommandLine,
    Environment,
}

/// <summary>A raw (unconverted) value and its origin, e.g. <c>/etc/x.conf:12</c>.</summary>
internal sealed record RawItem(string Value, string Where, SourceKind Kind);

/// <summary>A raw value found for an option: every item (one for single-valued options) and the deprecated name it came through.</summary>
internal sealed record RawValue(IReadOnlyList<RawItem> Items, DeprecatedOpt? ViaDeprecated = null)
{
    /// <summary>A text used to tell whether a value changed between two parses.</summary>
    public string Fingerprint => string.Join('\0', Items.Select(i => i.Value));
}