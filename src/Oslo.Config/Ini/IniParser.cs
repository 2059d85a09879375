namespace Oslo.Config.Ini;

/// <summary>
/// The oslo INI dialect (<c>oslo_config/iniparser.py</c>). We do not use
/// Microsoft.Extensions.Configuration.Ini because oslo files rely on what it rejects or loses: repeated keys
/// (multi-valued options), indented continuation lines, <c>key: value</c>, single-quoted values, <c>/</c> not being
/// a comment, and line numbers for every error.
/// </summary>
/// <remarks>
/// Rules: each line is right-trimmed; an empty line ends a multi-line value; a line starting with space or tab
/// continues the current value (left-trimmed, joined with <c>\n</c>); <c>[name]</c> starts a section (sections
/// merge); <c>#</c> or <c>;</c> at column 0 is a comment; anything else is an assignment split at the first
/// <c>=</c> or <c>:</c>, key and value trimmed, one pair of matching quotes removed from the value.
/// </remarks>
public static class IniParser
{
    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="ConfigFileParseException">The file breaks the dialect.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    /// <exception cref="ConfigFileReadException">Not a regular file, a symlink loop, an I/O error.</exception>
    public static IniDocument ParseFile(string path) => Parse(path, ConfigFileReader.ReadAllText(path));

    /// <summary>Parses text; <paramref name="path"/> is only used for locations and messages.</summary>
    /// <exception cref="ConfigFileParseException">The text breaks the dialect.</exception>
    public static IniDocument Parse(string path, string text) => Parse(path, text, StringComparer.Ordinal);

    /// <summary>
    /// <see cref="Parse(string, string)"/> with the comparer of section names given: ordinal, or in tests one that
    /// counts its calls, so the cost of many sections is checked by counting rather than timing.
    /// </summary>
    internal static IniDocument Parse(string path, string text, IEqualityComparer<string> sectionNames)
    {
        var sections = new Dictionary<string, Dictionary<string, List<IniValue>>>(sectionNames);
        var names = new List<string>();
        // A set beside the list: checking the list alone made a file of n distinct sections cost n^2.
        var seenNames = new HashSet<string>(sectionNames);
        var sectionLines = new Dictionary<string, int>(sectionNames);
        Dictionary<string, List<IniValue>>? current = null;
        string? key = null;
        int keyLine = 0;
        var value = new List<string>();
        int lineNumber = 0;

        void Flush()
        {
            if (key is null)
            {
                return;
            }

            if (current is null)
            {
                // oslo raises error_no_section when it flushes the assignment, so with the number of the line that
                // flushed it (the next key, a blank line or the last line), and passes no line: the message ends in
                // None (both found by the differential sweep).
                throw new ConfigFileParseException(path, lineNumber, "Section must be started before assignment", null);
            }

            if (!current.TryGetValue(key, out List<IniValue>? list))
            {
                current[key] = list = [];
            }

            list.Add(new IniValue(value.Count == 1 ? value[0] : string.Join('\n', value), path, keyLine));
            key = null;
            value.Clear();
        }

        int position = 0;
        while (position < text.Length)
        {
            // Python's readlines(): \n, \r\n and a lone \r all end a line.
            int end = text.AsSpan(position).IndexOfAny('\n', '\r');
            int lineEnd = end < 0 ? text.Length : position + end;
            ReadOnlySpan<char> span = text.AsSpan(position, lineEnd - position).TrimEnd();
            position = lineEnd + (lineEnd < text.Length && text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? 2 : 1);
            lineNumber++;
            if (span.IsEmpty)
            {
                Flush();
                continue;
            }

            if (span[0] is ' ' or '\t')
            {
                if (key is null)
                {
                    throw new ConfigFileParseException(path, lineNumber, "Unexpected continuation line", span.ToString());
                }

                value.Add(span.TrimStart().ToString());
                continue;
            }

            Flush();
            if (span[0] == '[')
            {
                if (span[^1] != ']')
                {
                    throw new ConfigFileParseException(path, lineNumber, "Invalid section (must end with ])", span.ToString());
                }

                string section = span[1..^1].ToString();
                if (section.Length == 0)
                {
                    throw new ConfigFileParseException(path, lineNumber, "Empty section name", span.ToString());
                }

                string normalized = IniDocument.NormalizeSection(section);
                if (!sections.TryGetValue(normalized, out current))
                {
                    sections[normalized] = current = new Dictionary<string, List<IniValue>>(StringComparer.Ordinal);
                }

                if (seenNames.Add(section))
                {
                    names.Add(section);
                }

                sectionLines.TryAdd(normalized, lineNumber);
            }
            else if (span[0] is '#' or ';')
            {
                continue;
            }
            else
            {
                int colon = span.IndexOf(':');
                int equal = span.IndexOf('=');
                if (colon < 0 && equal < 0)
                {
                    throw new ConfigFileParseException(path, lineNumber, "No ':' or '=' found in assignment", span.ToString());
                }

                int at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
                ReadOnlySpan<char> k = span[..at].Trim();
                ReadOnlySpan<char> v = span[(at + 1)..].Trim();
                if (v.Length > 0 && v[0] == v[^1] && v[0] is '"' or '\'')
                {
                    // Python's value[1:-1]: a lone quote character becomes the empty string.
                    v = v.Length >= 2 ? v[1..^1] : [];
                }

                if (k.IsEmpty)
                {
                    throw new ConfigFileParseException(path, lineNumber, "Key cannot be empty", span.ToString());
                }

                key = k.ToString();
                keyLine = lineNumber;
                value.Add(v.ToString());
            }
        }

        Flush();
        return new IniDocument(path, sections, names, sectionLines, lineNumber);
    }
}
