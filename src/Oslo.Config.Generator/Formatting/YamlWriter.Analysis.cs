namespace Oslo.Config.Generator.Formatting;

// PyYAML's scalar analysis: which styles a scalar allows (plain, single-quoted), read by the style choice.
internal sealed partial class YamlWriter
{
    /// <summary>PyYAML's <c>analyze_scalar</c> (with <c>allow_unicode=False</c>), reduced to what choosing a style needs.</summary>
    private static (bool Empty, bool Multiline, bool AllowBlockPlain, bool AllowSingleQuoted) Analyze(string scalar)
    {
        if (scalar.Length == 0)
        {
            return (true, false, true, true);
        }

        bool blockIndicators = scalar.StartsWith("---", StringComparison.Ordinal) || scalar.StartsWith("...", StringComparison.Ordinal);
        bool lineBreaks = false, special = false;
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
        bool breakSpace = false, spaceBreak = false;
        bool precededByWhitespace = true;
        bool followedByWhitespace = scalar.Length == 1 || IsWhitespaceOrEnd(scalar[1]);
        bool previousSpace = false, previousBreak = false;

        for (int index = 0; index < scalar.Length; index++)
        {
            char ch = scalar[index];
            if (index == 0)
            {
                if ("#,[]{}&*!|>'\"%@`".Contains(ch, StringComparison.Ordinal))
                {
                    blockIndicators = true;
                }

                if (ch is '?' or ':' && followedByWhitespace)
                {
                    blockIndicators = true;
                }

                if (ch == '-' && followedByWhitespace)
                {
                    blockIndicators = true;
                }
            }
            else
            {
                if (ch == ':' && followedByWhitespace)
                {
                    blockIndicators = true;
                }

                if (ch == '#' && precededByWhitespace)
                {
                    blockIndicators = true;
                }
            }

            if (IsBreak(ch))
            {
                lineBreaks = true;
            }

            if (!(ch == '\n' || (ch >= ' ' && ch <= '~')))
            {
                special = true;
            }

            if (ch == ' ')
            {
                leadingSpace |= index == 0;
                trailingSpace |= index == scalar.Length - 1;
                breakSpace |= previousBreak;
                previousSpace = true;
                previousBreak = false;
            }
            else if (IsBreak(ch))
            {
                leadingBreak |= index == 0;
                trailingBreak |= index == scalar.Length - 1;
                spaceBreak |= previousSpace;
                previousSpace = false;
                previousBreak = true;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
            }

            precededByWhitespace = IsWhitespaceOrEnd(ch);
            followedByWhitespace = index + 2 >= scalar.Length || IsWhitespaceOrEnd(scalar[index + 2]);
        }

        bool allowBlockPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak);
        bool allowSingleQuoted = true;
        if (breakSpace)
        {
            allowBlockPlain = allowSingleQuoted = false;
        }

        if (spaceBreak || special)
        {
            allowBlockPlain = allowSingleQuoted = false;
        }

        if (lineBreaks || blockIndicators)
        {
            allowBlockPlain = false;
        }

        return (false, lineBreaks, allowBlockPlain, allowSingleQuoted);
    }

    private static bool IsWhitespaceOrEnd(char c) => c is '\0' or ' ' or '\t' or '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';
}
