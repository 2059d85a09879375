using System.Text;

namespace Oslo.Config.Generator.Cli;

/// <summary>
/// The command-line grammar of oslo's tools (argparse as oslo.config drives it): <c>--opt value</c>,
/// <c>--opt=value</c>, unique-prefix abbreviations, <c>--flag</c>/<c>--noflag</c>, repeated multi options, and
/// <c>--config-file</c>/<c>--config-dir</c> processed in argument order so that later arguments override earlier
/// files. <c>-h</c>/<c>--help</c> and <c>--version</c> are built in.
/// </summary>
internal sealed class ArgumentParser
{
    private readonly List<CliOption> _options;

    public ArgumentParser(string prog, string description, IEnumerable<CliOption> options)
    {
        Prog = prog;
        Description = description;
        _options =
        [
            .. options,
            new CliOption("config-dir",
                "Path to a config directory to pull `*.conf` files from. This file set is sorted, so as to provide a " +
                "predictable parse order if individual options are over-ridden. The set is parsed after the file(s) " +
                "specified via previous --config-file, arguments hence over-ridden options in the directory take " +
                "precedence. This option must be set from the command-line.",
                CliOptionKind.Multi, "DIR"),
            new CliOption("config-file",
                "Path to a config file to use. Multiple config files can be specified, with values in later files " +
                "taking precedence. Defaults to None. This option must be set from the command-line.",
                CliOptionKind.Multi, "PATH"),
        ];
        _options.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
    }

    public string Prog { get; }

    public string Description { get; }

    public IReadOnlyList<CliOption> Options => _options;

    /// <summary>
    /// Parses <paramref name="args"/> into settings. Config files named by <c>--config-file</c> and
    /// <c>--config-dir</c> are read through <paramref name="readConfigFile"/> at the point where they appear.
    /// </summary>
    /// <exception cref="CommandLineException">Unknown or ambiguous option, missing or bad value.</exception>
    public ParsedArguments Parse(IReadOnlyList<string> args, Func<string, IEnumerable<(string Key, string Value, int Line)>> readConfigFile)
    {
        var parsed = new ParsedArguments();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                parsed.HelpRequested = true;
                continue;
            }

            if (arg == "--version")
            {
                parsed.VersionRequested = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                throw new CommandLineException($"unrecognized arguments: {arg}");
            }

            string body = arg[2..];
            string? inlineValue = null;
            int equals = body.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                inlineValue = body[(equals + 1)..];
                body = body[..equals];
            }

            var (option, negated) = Resolve(body, arg);
            if (option.Kind == CliOptionKind.Flag)
            {
                if (inlineValue is not null)
                {
                    throw new CommandLineException($"argument --{(negated ? "no" : "")}{option.Name}: ignored explicit argument '{inlineValue}'");
                }

                parsed.Set(option, negated ? "false" : "true", "command line");
                continue;
            }

            string value;
            if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count && !(args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
            {
                value = args[++i];
            }
            else
            {
                throw new CommandLineException($"argument --{option.Name}: expected one argument");
            }

            CheckChoices(option, value, $"argument --{option.Name}");
            switch (option.Name)
            {
                case "config-file":
                    ReadFile(parsed, value, readConfigFile);
                    parsed.ConfigFiles.Add(value);
                    break;
                case "config-dir":
                    if (!Directory.Exists(value))
                    {
                        throw new ConfigurationFileException($"Failed to read config file directory: {value}");
                    }

                    foreach (string file in Directory.GetFiles(value, "*.conf").Order(StringComparer.Ordinal))
                    {
                        ReadFile(parsed, file, readConfigFile);
                    }

                    parsed.ConfigDirs.Add(value);

                    break;
                default:
                    parsed.Set(option, value, "command line");
                    break;
            }
        }

        return parsed;
    }

    public string FormatUsage()
    {
        var usage = new StringBuilder("usage: ").Append(Prog).Append(" [-h]");
        foreach (var option in _options)
        {
            usage.Append(option.Kind == CliOptionKind.Flag
                ? $" [--{option.Name}]"
                : $" [--{option.Name} {option.DisplayMetavar}]");
        }

        usage.Append(" [--version]");
        return usage.Append('\n').ToString();
    }

    public string FormatHelp()
    {
        var help = new StringBuilder(FormatUsage());
        help.Append('\n').Append(Description).Append("\n\noptions:\n");
        help.Append("  -h, --help            show this help message and exit\n");
        foreach (var option in _options)
        {
            string head = option.Kind == CliOptionKind.Flag
                ? $"--{option.Name}, --no{option.Name}"
                : $"--{option.Name} {option.DisplayMetavar}";
            help.Append("  ").Append(head).Append('\n');
            string text = option.Help;
            if (option.Choices is { Count: > 0 })
            {
                text += " Allowed values: " + string.Join(", ", option.Choices);
            }

            foreach (string line in new Formatting.TextWrapper(76, "                        ", "                        ").Wrap(text))
            {
                help.Append(line).Append('\n');
            }
        }

        help.Append("  --version             show program's version number and exit\n");
        return help.ToString();
    }

    private static void CheckChoices(CliOption option, string value, string where)
    {
        if (option.Choices is { Count: > 0 } choices && !choices.Contains(value, StringComparer.Ordinal))
        {
            throw new CommandLineException(
                $"{where}: invalid choice: '{value}' (choose from {string.Join(", ", choices.Select(c => $"'{c}'"))})");
        }
    }

    private void ReadFile(ParsedArguments parsed, string path, Func<string, IEnumerable<(string Key, string Value, int Line)>> readConfigFile)
    {
        foreach (var (key, value, line) in readConfigFile(path))
        {
            var option = _options.Find(o => o.Dest == key && o.Name is not "config-file" and not "config-dir");
            if (option is null)
            {
                // Like oslo, keys no option knows are ignored; only the tool's own options are read.
                continue;
            }

            string where = $"{Path.GetFullPath(path)}:{line}";
            if (option.Kind == CliOptionKind.Flag)
            {
                parsed.Set(option, ParseBool(value, option, where), where);
            }
            else
            {
                try
                {
                    CheckChoices(option, value, $"option {option.Dest}");
                }
                catch (CommandLineException e)
                {
                    throw new ConfigurationFileException($"Value for option {option.Dest} from {where} is not valid: {e.Message}");
                }

                parsed.Set(option, value, where);
            }
        }
    }

    private static string ParseBool(string value, CliOption option, string where) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "on" or "yes" => "true",
        "false" or "0" or "off" or "no" => "false",
        _ => throw new ConfigurationFileException(
            $"Value for option {option.Dest} from {where} is not valid: Unexpected boolean value '{value}'"),
    };

    private (CliOption Option, bool Negated) Resolve(string body, string arg)
    {
        var exact = _options.Find(o => o.Name == body);
        if (exact is not null)
        {
            return (exact, false);
        }

        var negatedExact = _options.Find(o => o.Kind == CliOptionKind.Flag && "no" + o.Name == body);
        if (negatedExact is not null)
        {
            return (negatedExact, true);
        }

        // argparse accepts any unambiguous prefix of a long option.
        var candidates = new List<(CliOption, bool, string)>();
        foreach (var option in _options)
        {
            if (option.Name.StartsWith(body, StringComparison.Ordinal))
            {
                candidates.Add((option, false, "--" + option.Name));
            }

            if (option.Kind == CliOptionKind.Flag && ("no" + option.Name).StartsWith(body, StringComparison.Ordinal))
            {
                candidates.Add((option, true, "--no" + option.Name));
            }
        }

        if (body.Length > 0 && "help".StartsWith(body, StringComparison.Ordinal))
        {
            candidates.Add((null!, false, "--help"));
        }

        return candidates.Count switch
        {
            1 when candidates[0].Item1 is not null => (candidates[0].Item1, candidates[0].Item2),
            > 1 => throw new CommandLineException(
                $"ambiguous option: {arg} could match {string.Join(", ", candidates.Select(c => c.Item3))}"),
            _ => throw new CommandLineException($"unrecognized arguments: {arg}"),
        };
    }
}