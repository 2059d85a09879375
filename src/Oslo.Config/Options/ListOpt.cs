namespace Oslo.Config;

/// <summary>A list of strings option (oslo's <c>ListOpt</c>).</summary>
public sealed class ListOpt : ListOpt<string?>
{
    /// <summary>Creates the option.</summary>
    /// <param name="name">The option name.</param>
    /// <param name="default">The default value.</param>
    /// <param name="help">Help text (sample file and <c>--help</c>).</param>
    /// <param name="required">Whether a value must be present (default: <paramref name="positional"/>).</param>
    /// <param name="secret">Mask the value as <c>****</c> when logged.</param>
    /// <param name="mutable">Whether mutate may change the value at run time.</param>
    /// <param name="advanced">List last in the sample with an "Advanced Option" notice.</param>
    /// <param name="positional">A command-line positional argument.</param>
    /// <param name="shortName">Single-character command-line alias.</param>
    /// <param name="metavar">Metavar shown by <c>--help</c>.</param>
    /// <param name="dest">Key in files and logs (default: name with <c>-</c> as <c>_</c>).</param>
    /// <param name="sampleDefault">Text the sample file shows instead of the default.</param>
    /// <param name="deprecatedName">Old name still accepted.</param>
    /// <param name="deprecatedGroup">Old group still accepted.</param>
    /// <param name="deprecatedOpts">Further old names/groups.</param>
    /// <param name="deprecatedForRemoval">The option will be removed.</param>
    /// <param name="deprecatedReason">Why it is deprecated.</param>
    /// <param name="deprecatedSince">Release it was deprecated in.</param>
    /// <param name="bounds">Require <c>[...]</c> around the value.</param>
    public ListOpt(string name, IEnumerable<string?>? @default = null, string? help = null, bool? required = null, bool secret = false, bool mutable = false,
        bool advanced = false, bool positional = false, char? shortName = null, string? metavar = null,
        string? dest = null, string? sampleDefault = null, string? deprecatedName = null,
        string? deprecatedGroup = null, IReadOnlyList<DeprecatedOpt>? deprecatedOpts = null,
        bool deprecatedForRemoval = false, string? deprecatedReason = null, string? deprecatedSince = null,
        bool bounds = false)
        : base(name, @default, help, required, secret, mutable, advanced, positional, shortName, metavar, dest, sampleDefault, deprecatedName, deprecatedGroup, deprecatedOpts, deprecatedForRemoval, deprecatedReason, deprecatedSince, null, bounds)
    {
    }
}
