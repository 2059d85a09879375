namespace Oslo.Config.CommandLine;

/// <summary>What an option string does.</summary>
internal enum CliActionKind
{
    /// <summary>Takes one value (append for multi options).</summary>
    Store,

    /// <summary>Boolean flag: <c>--name</c> (true) or <c>--noname</c> (false).</summary>
    Flag,

    /// <summary><c>--config-file PATH</c>: parse the file now.</summary>
    ConfigFile,

    /// <summary><c>--config-dir DIR</c>: parse <c>DIR/*.conf</c> now.</summary>
    ConfigDir,

    /// <summary><c>-h/--help</c>.</summary>
    Help,

    /// <summary><c>--version</c>.</summary>
    Version,
}

/// <summary>One argparse action: its option strings, what it does, and the option it sets.</summary>
internal sealed class CliAction
{
    public required CliActionKind Kind { get; init; }

    /// <summary>Every option string, e.g. <c>-f</c>, <c>--foo</c>, <c>--old-foo</c>.</summary>
    public required IReadOnlyList<string> OptionStrings { get; init; }

    public OptEntry? Entry { get; init; }

    /// <summary>For flags: the value the flag stores.</summary>
    public bool FlagValue { get; init; }

    public string? Metavar { get; init; }

    public string? Help { get; init; }

    /// <summary>The argparse display name, e.g. <c>-f/--foo</c>.</summary>
    public string DisplayName => string.Join('/', OptionStrings);

    public bool TakesValue => Kind is CliActionKind.Store or CliActionKind.ConfigFile or CliActionKind.ConfigDir;
}

/// <summary>A positional argument.</summary>
internal sealed class CliPositional
{
    public required OptEntry Entry { get; init; }

    public string Name => Entry.Opt.Dest;

    /// <summary>argparse <c>nargs='*'</c> (multi) or <c>'?'</c> (not required).</summary>
    public bool Many => Entry.Opt.IsMulti;

    public bool Optional => !Entry.Opt.Required;
}

/// <summary>One parsed command-line event, in argument order.</summary>
internal readonly record struct CliEvent(CliAction? Action, CliPositional? Positional, string? Value);
