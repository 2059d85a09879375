namespace Oslo.Config.Generator.Cli;

/// <summary>The values a tool's command line and config files produced, by option dest.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public bool HelpRequested { get; set; }

    public bool VersionRequested { get; set; }

    public List<string> ConfigFiles { get; } = [];

    public List<string> ConfigDirs { get; } = [];

    /// <summary>Where each single-valued option got its value from (a <c>file:line</c> or "command line").</summary>
    public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);

    public void Set(CliOption option, string value, string source)
    {
        if (!_values.TryGetValue(option.Dest, out var list))
        {
            list = [];
            _values[option.Dest] = list;
        }

        if (option.Kind != CliOptionKind.Multi)
        {
            list.Clear();
        }

        list.Add(value);
        Sources[option.Dest] = source;
    }

    public string? Get(string dest) => _values.TryGetValue(dest, out var list) && list.Count > 0 ? list[^1] : null;

    public IReadOnlyList<string> GetAll(string dest) => _values.TryGetValue(dest, out var list) ? list : [];

    public bool GetFlag(string dest) => Get(dest) == "true";
}