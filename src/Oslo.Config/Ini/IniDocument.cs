namespace Oslo.Config.Ini;

/// <summary>
/// A parsed config file: sections (keyed by oslo's normalised name: lower case, except the literal <c>DEFAULT</c>)
/// mapping case-sensitive keys to every assignment in file order. Immutable once built.
/// </summary>
public sealed class IniDocument
{
    private readonly Dictionary<string, Dictionary<string, List<IniValue>>> _sections;

    private readonly Dictionary<string, int> _sectionLines;

    internal IniDocument(string path, Dictionary<string, Dictionary<string, List<IniValue>>> sections, IReadOnlyList<string> sectionNames,
        Dictionary<string, int> sectionLines, int lineCount)
    {
        Path = path;
        _sections = sections;
        SectionNames = sectionNames;
        _sectionLines = sectionLines;
        LineCount = lineCount;
    }

    /// <summary>How many lines the file has.</summary>
    public int LineCount { get; }

    /// <summary>The line of the first <c>[header]</c> of a (normalised) section, or null.</summary>
    public int? SectionLine(string normalizedSection) =>
        _sectionLines.TryGetValue(normalizedSection, out int line) ? line : null;

    /// <summary>The file path as parsed.</summary>
    public string Path { get; }

    /// <summary>The section names as written, in order of first appearance.</summary>
    public IReadOnlyList<string> SectionNames { get; }

    /// <summary>oslo's section normalisation: every name lower-cased except <c>DEFAULT</c>.</summary>
    public static string NormalizeSection(string name) => name == OptGroup.DefaultName ? name : name.ToLowerInvariant();

    /// <summary>Every assignment of <paramref name="key"/> in the (normalised) section, or null.</summary>
    public List<IniValue>? Get(string normalizedSection, string key) =>
        _sections.TryGetValue(normalizedSection, out Dictionary<string, List<IniValue>>? keys) && keys.TryGetValue(key, out List<IniValue>? values)
            ? values
            : null;

    /// <summary>The normalised sections and their keys (for validators), each key with every assignment.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, List<IniValue>>> Sections => _sections;
}
