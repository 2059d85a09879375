namespace Oslo.Config.Generator.Cli;

/// <summary>One command-line option of a tool, shaped like an oslo CLI opt.</summary>
/// <param name="Name">Long name without dashes (e.g. <c>output-file</c>).</param>
/// <param name="Help">Help text for <c>--help</c>.</param>
/// <param name="Kind">Whether the option takes a value, is a boolean flag, or may repeat.</param>
/// <param name="Metavar">Placeholder shown in help; defaults to the upper-cased dest.</param>
/// <param name="Choices">Allowed values, checked at parse time.</param>
internal sealed record CliOption(
    string Name,
    string Help,
    CliOptionKind Kind = CliOptionKind.Value,
    string? Metavar = null,
    IReadOnlyList<string>? Choices = null)
{
    /// <summary>oslo's dest: the name with dashes turned into underscores; also the key in a config file.</summary>
    public string Dest => Name.Replace('-', '_');

    public string DisplayMetavar => Metavar ?? Dest.ToUpperInvariant();
}

/// <summary>How an option consumes arguments.</summary>
internal enum CliOptionKind
{
    /// <summary>Takes one value; the last one given wins.</summary>
    Value,

    /// <summary>Takes one value each time; all values are kept in order (oslo's MultiStrOpt).</summary>
    Multi,

    /// <summary>A boolean: <c>--name</c> sets it, <c>--noname</c> clears it (oslo's BoolOpt).</summary>
    Flag,
}