namespace Oslo.Config;

/// <summary>A command-line option was registered after parsing (oslo's <c>ArgsAlreadyParsedError</c>).</summary>
public sealed class ArgsAlreadyParsedException : OsloConfigException
{
    /// <summary>Creates the exception: <c>arguments already parsed: {msg}</c>.</summary>
    public ArgsAlreadyParsedException(string? detail = null)
        : base(detail is null ? "arguments already parsed" : $"arguments already parsed: {detail}") { }
}
