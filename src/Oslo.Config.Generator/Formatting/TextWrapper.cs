using System.Text;
using System.Text.RegularExpressions;

namespace Oslo.Config.Generator.Formatting;

/// <summary>
/// A faithful port of CPython's <c>textwrap.TextWrapper.wrap</c> restricted to what oslo-config-generator uses.
/// </summary>
/// <remarks>
/// The sample file must be byte-identical to Python's, so this keeps CPython's algorithm chunk for chunk: the same
/// <c>wordsep_re</c> (break after hyphens inside words and around em-dashes), the same greedy fill, the same
/// whitespace dropping at line edges, and the same treatment of words longer than the line. Options that the
/// generator never changes (<c>fix_sentence_endings</c>, <c>max_lines</c>) are left out.
/// </remarks>
internal sealed partial class TextWrapper
{
    // CPython hard-codes the US-ASCII whitespace set so that U+00A0 and friends stay unbreakable.
    private const string Whitespace = "\t\n\u000b\u000c\r ";

    // CPython's wordsep_re, written out with its %-substitutions applied. \z replaces Python's \Z (end of string
    // only); .NET's \w is close enough to Python 3's Unicode \w for the letters that appear in help texts.
    [GeneratedRegex(
        """
        ( # any whitespace
          [\t\n\x0b\x0c\r\x20]+
        | # em-dash between words
          (?<=[\w!"'&.,?]) -{2,} (?=\w)
        | # word, possibly hyphenated
          [^\t\n\x0b\x0c\r\x20]+? (?:
            # hyphenated word
              -(?: (?<=[^\d\W]{2}-) | (?<=[^\d\W]-[^\d\W]-))
              (?= [^\d\W] -? [^\d\W])
            | # end of word
              (?=[\t\n\x0b\x0c\r\x20]|\z)
            | # em-dash
              (?<=[\w!"'&.,?]) (?=-{2,}\w)
            )
        )
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex WordSeparator();

    [GeneratedRegex(@"([\t\n\x0b\x0c\r\x20]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleWordSeparator();

    /// <summary>Creates a wrapper with CPython's defaults for every option not given.</summary>
    public TextWrapper(
        int width = 70,
        string initialIndent = "",
        string subsequentIndent = "",
        bool expandTabs = true,
        bool replaceWhitespace = true,
        bool breakLongWords = true,
        bool dropWhitespace = true,
        bool breakOnHyphens = true,
        int tabSize = 8)
    {
        Width = width;
        InitialIndent = initialIndent;
        SubsequentIndent = subsequentIndent;
        ExpandTabs = expandTabs;
        ReplaceWhitespace = replaceWhitespace;
        BreakLongWords = breakLongWords;
        DropWhitespace = dropWhitespace;
        BreakOnHyphens = breakOnHyphens;
        TabSize = tabSize;
    }

    public int Width { get; }

    public string InitialIndent { get; }

    public string SubsequentIndent { get; }

    public bool ExpandTabs { get; }

    public bool ReplaceWhitespace { get; }

    public bool BreakLongWords { get; }

    public bool DropWhitespace { get; }

    public bool BreakOnHyphens { get; }

    public int TabSize { get; }

    /// <summary>The wrapper oslo-config-generator uses for help text: <c># </c> indents, long words kept whole.</summary>
    public static TextWrapper ForHelp(int width) =>
        new(width, initialIndent: "# ", subsequentIndent: "# ", breakLongWords: false, replaceWhitespace: false);

    /// <summary>Wraps one paragraph into lines of at most <see cref="Width"/> columns, indents included.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The width is not positive (CPython raises ValueError).</exception>
    public List<string> Wrap(string text)
    {
        var chunks = Split(MungeWhitespace(text));
        return WrapChunks(chunks);
    }

    internal string MungeWhitespace(string text)
    {
        if (ExpandTabs)
        {
            text = ExpandTabsLikePython(text, TabSize);
        }

        if (ReplaceWhitespace)
        {
            var builder = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                builder.Append(Whitespace.Contains(c, StringComparison.Ordinal) ? ' ' : c);
            }

            text = builder.ToString();
        }

        return text;
    }

    internal List<string> Split(string text)
    {
        var regex = BreakOnHyphens ? WordSeparator() : SimpleWordSeparator();
        var chunks = new List<string>();
        foreach (string chunk in regex.Split(text))
        {
            if (chunk.Length > 0)
            {
                chunks.Add(chunk);
            }
        }

        return chunks;
    }

    /// <summary><c>str.expandtabs</c>: the column restarts after <c>\n</c> and <c>\r</c>.</summary>
    internal static string ExpandTabsLikePython(string text, int tabSize)
    {
        if (!text.Contains('\t', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        int column = 0;
        foreach (char c in text)
        {
            if (c == '\t')
            {
                if (tabSize > 0)
                {
                    int spaces = tabSize - (column % tabSize);
                    builder.Append(' ', spaces);
                    column += spaces;
                }
            }
            else
            {
                builder.Append(c);
                column = c is '\n' or '\r' ? 0 : column + 1;
            }
        }

        return builder.ToString();
    }

    // Python's str.strip() == '' test: any Unicode whitespace counts.
    private static bool IsBlank(string chunk) => string.IsNullOrWhiteSpace(chunk);

    private List<string> WrapChunks(List<string> chunks)
    {
        if (Width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), Width, $"invalid width {Width} (must be > 0)");
        }

        var lines = new List<string>();

        // A stack with the next chunk on top, as in CPython.
        chunks.Reverse();
        while (chunks.Count > 0)
        {
            var currentLine = new List<string>();
            int currentLength = 0;
            string indent = lines.Count > 0 ? SubsequentIndent : InitialIndent;
            int width = Width - indent.Length;

            // Whitespace opening a line is dropped, except at the very start of the text.
            if (DropWhitespace && IsBlank(chunks[^1]) && lines.Count > 0)
            {
                chunks.RemoveAt(chunks.Count - 1);
            }

            while (chunks.Count > 0)
            {
                int length = chunks[^1].Length;
                if (currentLength + length > width)
                {
                    break;
                }

                currentLine.Add(chunks[^1]);
                chunks.RemoveAt(chunks.Count - 1);
                currentLength += length;
            }

            if (chunks.Count > 0 && chunks[^1].Length > width)
            {
                HandleLongWord(chunks, currentLine, currentLength, width);
                currentLength = currentLine.Sum(c => c.Length);
            }

            if (DropWhitespace && currentLine.Count > 0 && IsBlank(currentLine[^1]))
            {
                currentLength -= currentLine[^1].Length;
                currentLine.RemoveAt(currentLine.Count - 1);
            }

            if (currentLine.Count > 0)
            {
                lines.Add(indent + string.Concat(currentLine));
            }
        }

        return lines;
    }

    private void HandleLongWord(List<string> reversedChunks, List<string> currentLine, int currentLength, int width)
    {
        int spaceLeft = width < 1 ? 1 : width - currentLength;

        if (BreakLongWords)
        {
            int end = spaceLeft;
            string chunk = reversedChunks[^1];
            if (BreakOnHyphens && chunk.Length > spaceLeft)
            {
                // Break after the last hyphen that fits, but only if something other than hyphens precedes it.
                int hyphen = spaceLeft > 0 ? chunk.LastIndexOf('-', Math.Min(spaceLeft, chunk.Length) - 1) : -1;
                if (hyphen > 0 && chunk.AsSpan(0, hyphen).ContainsAnyExcept('-'))
                {
                    end = hyphen + 1;
                }
            }

            end = Math.Min(end, chunk.Length);
            currentLine.Add(chunk[..end]);
            reversedChunks[^1] = chunk[end..];
        }
        else if (currentLine.Count == 0)
        {
            // The long word gets a line of its own rather than being split.
            currentLine.Add(reversedChunks[^1]);
            reversedChunks.RemoveAt(reversedChunks.Count - 1);
        }
    }
}
