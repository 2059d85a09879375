using Oslo.Config.Ini;

namespace Oslo.Config.Generator.Cli;

/// <summary>Reads a tool's own config file (<c>--config-file GEN.conf</c>) with Oslo.Config's INI parser.</summary>
internal static class ToolConfigFiles
{
    /// <summary>The <c>[DEFAULT]</c> assignments of <paramref name="path"/>, each with its line.</summary>
    /// <exception cref="ConfigurationFileException">The file is missing or malformed.</exception>
    public static IEnumerable<(string Key, string Value, int Line)> ReadDefaults(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationFileException($"Failed to find some config files: {path}");
        }

        IniDocument document;
        try
        {
            document = IniParser.ParseFile(Path.GetFullPath(path));
        }
        catch (ConfigFileParseException e)
        {
            throw new ConfigurationFileException(e.Message);
        }

        if (!document.Sections.TryGetValue(OptGroup.DefaultName, out var entries))
        {
            return [];
        }

        return entries
            .SelectMany(entry => entry.Value.Select(v => (entry.Key, v.Value, v.Line)))
            .OrderBy(e => e.Line)
            .ToList();
    }
}