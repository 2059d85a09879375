namespace Oslo.Config.CommandLine;

// The usage and help texts, as argparse formats them (HelpFormatter's wrapping and layout).
internal sealed partial class CliParser
{
    /// <summary>The argparse usage line(s), ending with a newline.</summary>
    public string FormatUsage()
    {
        var parts = new List<string>();
        foreach (CliAction a in _actions)
        {
            string first = a.OptionStrings[0];
            parts.Add(a.TakesValue ? $"[{first} {a.Metavar}]" : $"[{first}]");
        }

        foreach (CliPositional p in _positionals)
        {
            parts.Add(p.Many ? $"[{p.Name} ...]" : p.Optional ? $"[{p.Name}]" : p.Name);
        }

        // argparse wraps the usage at 78 columns, continuation lines aligned after "usage: prog ".
        string prefix = $"usage: {_prog} ";
        string indent = new(' ', Math.Min(prefix.Length, 30));
        var lines = new List<string>();
        var line = new System.Text.StringBuilder(prefix);
        int lineStartLength = prefix.Length;
        foreach (string part in parts)
        {
            if (line.Length > lineStartLength && line.Length + part.Length > 78)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear().Append(indent);
                lineStartLength = indent.Length;
            }

            line.Append(part).Append(' ');
        }

        lines.Add(line.ToString().TrimEnd());
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The argparse help text: usage, positionals, options, then one section per group.</summary>
    public string FormatHelp()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(FormatUsage()).Append('\n');
        if (_positionals.Count > 0)
        {
            sb.Append("positional arguments:\n");
            foreach (CliPositional p in _positionals)
            {
                AppendHelpItem(sb, p.Name, p.Entry.Opt.Help);
            }

            sb.Append('\n');
        }

        for (int s = 0; s < _sections.Count; s++)
        {
            (string title, IReadOnlyList<CliAction> actions) = _sections[s];
            sb.Append(s == 0 ? "options" : GroupTitles.GetValueOrDefault(title, title + " options")).Append(":\n");
            if (s > 0 && GroupDescriptions.TryGetValue(title, out string? description))
            {
                foreach (string l in Wrap(description, 76))
                {
                    sb.Append("  ").Append(l).Append('\n');
                }

                sb.Append('\n');
            }

            foreach (CliAction a in actions)
            {
                string invocation = a.TakesValue
                    ? string.Join(", ", a.OptionStrings.Select(o => $"{o} {a.Metavar}"))
                    : string.Join(", ", a.OptionStrings);
                AppendHelpItem(sb, invocation, a.Help);
            }

            if (s < _sections.Count - 1)
            {
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    private static void AppendHelpItem(System.Text.StringBuilder sb, string invocation, string? help)
    {
        const int helpColumn = 24;
        sb.Append("  ").Append(invocation);
        if (string.IsNullOrEmpty(help))
        {
            sb.Append('\n');
            return;
        }

        List<string> lines = Wrap(help, 78 - helpColumn);
        if (invocation.Length + 2 <= helpColumn - 2)
        {
            sb.Append(' ', helpColumn - 2 - invocation.Length).Append(lines[0]).Append('\n');
            lines.RemoveAt(0);
        }
        else
        {
            sb.Append('\n');
        }

        foreach (string l in lines)
        {
            sb.Append(' ', helpColumn).Append(l).Append('\n');
        }
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (string word in text.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        lines.Add(line.ToString());
        return lines;
    }
}
