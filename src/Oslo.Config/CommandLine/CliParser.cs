using System.Globalization;

namespace Oslo.Config.CommandLine;

/// <summary>
/// An argparse-compatible command-line parser: <c>--opt value</c>, <c>--opt=value</c>, <c>-xVALUE</c>, unique-prefix
/// abbreviations of long options, flags, positionals (<c>?</c> and <c>*</c>), <c>--</c>, <c>-h/--help</c>,
/// <c>--version</c>, and argparse's error texts with exit status 2. Written here rather than on
/// System.CommandLine because oslo relies on argparse behaviour it lacks (last-wins repeats, prefix
/// abbreviations, <c>--noflag</c>, in-order processing interleaved with <c>--config-file</c>).
/// </summary>
internal sealed partial class CliParser
{
    private readonly List<CliAction> _actions;
    private readonly Dictionary<string, CliAction> _byString = new(StringComparer.Ordinal);
    private readonly List<CliPositional> _positionals;
    private readonly string _prog;
    private readonly string? _version;
    private readonly IReadOnlyList<(string Title, IReadOnlyList<CliAction> Actions)> _sections;

    public CliParser(string prog, string? version, IEnumerable<OptEntry> cliOpts)
    {
        _prog = prog;
        _version = version;
        _actions =
        [
            new CliAction { Kind = CliActionKind.Help, OptionStrings = ["-h", "--help"], Help = "show this help message and exit" },
        ];
        var grouped = new Dictionary<string, List<CliAction>>(StringComparer.Ordinal);
        var defaults = new List<CliAction>
        {
            new()
            {
                Kind = CliActionKind.ConfigDir, OptionStrings = ["--config-dir"], Metavar = "DIR",
                Help = "Path to a config directory to pull `*.conf` files from. This file set is sorted, so as to provide a predictable parse order if individual options are over-ridden. The set is parsed after the file(s) specified via previous --config-file, arguments hence over-ridden options in the directory take precedence. This option must be set from the command-line.",
            },
            new()
            {
                Kind = CliActionKind.ConfigFile, OptionStrings = ["--config-file"], Metavar = "PATH",
                Help = "Path to a config file to use. Multiple config files can be specified, with values in later files taking precedence. This option must be set from the command-line.",
            },
        };
        if (version is not null)
        {
            defaults.Add(new CliAction { Kind = CliActionKind.Version, OptionStrings = ["--version"], Help = "show program's version number and exit" });
        }

        _positionals = [];
        var groupOrder = new List<string>();
        foreach (OptEntry entry in cliOpts)
        {
            if (entry.Opt.Positional)
            {
                _positionals.Add(new CliPositional { Entry = entry });
                continue;
            }

            List<CliAction> target = defaults;
            if (entry.Group is not null)
            {
                if (!grouped.TryGetValue(entry.Group, out target!))
                {
                    grouped[entry.Group] = target = [];
                    groupOrder.Add(entry.Group);
                }
            }

            target.AddRange(ActionsFor(entry));
        }

        defaults.Sort((a, b) => string.CompareOrdinal(SortKey(a), SortKey(b)));
        _actions.AddRange(defaults);
        var sections = new List<(string, IReadOnlyList<CliAction>)> { ("options", [_actions[0], .. defaults]) };
        foreach (string group in groupOrder)
        {
            List<CliAction> actions = grouped[group];
            actions.Sort((a, b) => string.CompareOrdinal(SortKey(a), SortKey(b)));
            _actions.AddRange(actions);
            sections.Add((group, actions));
        }

        _sections = sections;
        // argparse meets the groups in oslo's order (newest command-line option first), so the clash it reports is
        // the later argument in that order.
        var groupRank = _actions.Where(a => a.Entry?.Group is not null)
            .GroupBy(a => a.Entry!.Group!)
            .OrderByDescending(g => g.Max(a => a.Entry!.Sequence))
            .Select((g, i) => (g.Key, i))
            .ToDictionary(p => p.Key, p => p.i + 1, StringComparer.Ordinal);
        foreach (CliAction action in _actions.OrderBy(a => a.Entry?.Group is { } g ? groupRank[g] : 0))
        {
            foreach (string s in action.OptionStrings)
            {
                if (!_byString.TryAdd(s, action))
                {
                    // argparse's conflict, as oslo reports it: every option string of the argument that clashed.
                    IEnumerable<string> strings = action.OptionStrings.Where(o => o.StartsWith("--", StringComparison.Ordinal))
                        .Take(1).Concat(action.OptionStrings.Where(o => !o.StartsWith("--", StringComparison.Ordinal)))
                        .Concat(action.OptionStrings.Where(o => o.StartsWith("--", StringComparison.Ordinal)).Skip(1));
                    throw new DuplicateOptException(string.Join(',', strings));
                }
            }
        }
    }

    /// <summary>Titles of the grouped help sections (group name -> title), set by the caller.</summary>
    public Dictionary<string, string> GroupTitles { get; } = new(StringComparer.Ordinal);

    /// <summary>Descriptions of the grouped help sections (group name -> OptGroup help), set by the caller.</summary>
    public Dictionary<string, string> GroupDescriptions { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses the arguments into events in argument order.</summary>
    /// <exception cref="CommandLineExitException">Help, version or a usage error.</exception>
    public List<CliEvent> Parse(IReadOnlyList<string> args)
    {
        List<CliEvent> events = Parse(args, out CommandLineExitException? error);
        return error is null ? events : throw error;
    }

    /// <summary>
    /// Parses the arguments into events in argument order. A usage error argparse raises while consuming the
    /// arguments (<c>expected one argument</c>) or after them (<c>unrecognized arguments</c>, missing positionals)
    /// is returned in <paramref name="error"/> with the events argparse would have run before it: oslo reads each
    /// <c>--config-file</c> as argparse meets it, so a broken file before the error is reported instead.
    /// </summary>
    /// <exception cref="CommandLineExitException">Help, version or an ambiguous option.</exception>
    public List<CliEvent> Parse(IReadOnlyList<string> args, out CommandLineExitException? error)
    {
        error = null;
        var events = new List<CliEvent>();
        // Both with their index in args: argparse lists unrecognized arguments in command-line order.
        var extras = new List<(int Index, string Arg)>();
        var positionalValues = new List<(int Index, string Arg)>();
        int separator = -1;
        bool onlyPositional = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (onlyPositional || !LooksLikeOption(arg))
            {
                positionalValues.Add((i, arg));
                continue;
            }

            if (arg == "--")
            {
                onlyPositional = true;
                separator = i;
                continue;
            }

            (CliAction? action, string? explicitValue) = Match(arg);
            if (action is null)
            {
                extras.Add((i, arg));
                continue;
            }

            switch (action.Kind)
            {
                case CliActionKind.Help:
                    throw new CommandLineExitException(0, FormatHelp(), isError: false);
                case CliActionKind.Version:
                    throw new CommandLineExitException(0, _version + "\n", isError: false);
                case CliActionKind.Flag:
                    if (explicitValue is not null)
                    {
                        error = Error($"argument {action.DisplayName}: ignored explicit argument {PyRepr.Str(explicitValue)}");
                        return events;
                    }

                    events.Add(new CliEvent(action, null, null));
                    break;
                default:
                    string? value = explicitValue;
                    if (value is null)
                    {
                        if (i + 1 >= args.Count || (LooksLikeOption(args[i + 1]) && args[i + 1] != "-"))
                        {
                            error = Error($"argument {action.DisplayName}: expected one argument");
                            return events;
                        }

                        value = args[++i];
                    }

                    events.Add(new CliEvent(action, null, value));
                    break;
            }

        }

        error = AssignPositionals(positionalValues, separator, events, extras);
        if (error is null && extras.Count > 0)
        {
            error = Error("unrecognized arguments: " + string.Join(' ', extras.OrderBy(e => e.Index).Select(e => e.Arg)));
        }

        return events;
    }

    private CommandLineExitException Error(string message) =>
        new(2, FormatUsage() + $"{_prog}: error: {message}\n", isError: true);

    // Positional values in order; those left over, and a "--" no positional's match took in (argparse removes it
    // only from the arguments a positional consumes: next to one of them), are unrecognized.
    private CommandLineExitException? AssignPositionals(List<(int Index, string Arg)> values, int separator, List<CliEvent> events, List<(int Index, string Arg)> extras)
    {
        int index = 0;
        var missing = new List<string>();
        for (int p = 0; p < _positionals.Count; p++)
        {
            CliPositional positional = _positionals[p];
            int remainingRequired = _positionals.Skip(p + 1).Count(x => !x.Many && !x.Optional);
            if (positional.Many)
            {
                while (index < values.Count - remainingRequired)
                {
                    events.Add(new CliEvent(null, positional, values[index++].Arg));
                }
            }
            else if (index < values.Count - remainingRequired || (!positional.Optional && index < values.Count))
            {
                events.Add(new CliEvent(null, positional, values[index++].Arg));
            }
            else if (!positional.Optional)
            {
                missing.Add(positional.Name);
            }
        }

        if (missing.Count > 0)
        {
            return Error("the following arguments are required: " + string.Join(", ", missing));
        }

        extras.AddRange(values.Skip(index));
        if (separator >= 0 && !values.Take(index).Any(v => v.Index == separator - 1 || v.Index == separator + 1))
        {
            extras.Add((separator, "--"));
        }

        return null;
    }

    private (CliAction? Action, string? Value) Match(string arg)
    {
        if (_byString.TryGetValue(arg, out CliAction? exact))
        {
            return (exact, null);
        }

        string name = arg;
        string? value = null;
        int eq = arg.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            name = arg[..eq];
            value = arg[(eq + 1)..];
            if (_byString.TryGetValue(name, out CliAction? withValue))
            {
                return (withValue, value);
            }
        }

        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            var matches = _byString.Keys.Where(k => k.StartsWith("--", StringComparison.Ordinal) && k.StartsWith(name, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList();
            if (matches.Count > 1)
            {
                throw Error($"ambiguous option: {name} could match {string.Join(", ", matches)}");
            }

            if (matches.Count == 1)
            {
                return (_byString[matches[0]], value);
            }

            return (null, null);
        }

        // -xVALUE: a short option with its value attached.
        if (arg.Length > 2 && _byString.TryGetValue(arg[..2], out CliAction? shortAction))
        {
            if (shortAction.TakesValue)
            {
                return (shortAction, arg[2] == '=' ? arg[3..] : arg[2..]);
            }

            throw Error($"argument {shortAction.DisplayName}: ignored explicit argument {PyRepr.Str(arg[2..])}");
        }

        return (null, null);
    }

    private static bool LooksLikeOption(string arg) =>
        arg.Length > 1 && arg[0] == '-' && !double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string SortKey(CliAction action) => action.OptionStrings.First(s => s.StartsWith("--", StringComparison.Ordinal));

    // oslo's _get_deprecated_cli_name for each deprecated opt (a dashed name also with underscores): a deprecated
    // group alone names the option in that group; DEFAULT alone (no name) adds nothing.
    private static IEnumerable<string> DeprecatedAliases(Opt opt, string prefix)
    {
        // oslo's order: the deprecated_opts, their underscore variants, then deprecated_name (and its variant).
        int count = opt.ExplicitDeprecatedOptCount;
        IEnumerable<DeprecatedOpt> explicitOpts = opt.DeprecatedOpts.Take(count);
        IEnumerable<DeprecatedOpt> ordered = explicitOpts
            .Concat(explicitOpts.Where(d => d.Name?.Contains('-', StringComparison.Ordinal) == true)
                .Select(d => new DeprecatedOpt(d.Name!.Replace('-', '_'), d.Group)))
            .Concat(opt.DeprecatedOpts.Skip(count));
        foreach (DeprecatedOpt d in ordered)
        {
            string? group = d.Group == OptGroup.DefaultName ? null : d.Group;
            if (d.Name is null && group is null)
            {
                continue;
            }

            string dname = d.Name ?? opt.Name;
            yield return group is null ? $"--{prefix}{dname}" : $"--{group}-{prefix}{dname}";
        }
    }

    private static IEnumerable<CliAction> ActionsFor(OptEntry entry)
    {
        Opt opt = entry.Opt;
        string prefix = entry.Group is null ? "--" : $"--{entry.Group}-";
        var names = new List<string>();
        if (opt.Short is char c)
        {
            names.Add("-" + c);
        }

        names.Add(prefix + opt.Name);
        var deprecated = new List<string>();
        foreach (string alias in DeprecatedAliases(opt, ""))
        {
            if (!names.Contains(alias) && !deprecated.Contains(alias))
            {
                deprecated.Add(alias);
            }
        }

        string help = opt.Help ?? "";
        if (opt.Type.Choices is { } choices)
        {
            help += "\n Allowed values: " + string.Join(", ", choices.Select(ch => PyRepr.Display(ch.Key))) + "\n";
        }

        if (opt is BoolOpt)
        {
            yield return new CliAction { Kind = CliActionKind.Flag, OptionStrings = [.. names, .. deprecated], Entry = entry, FlagValue = true, Help = help };
            var inverse = new List<string> { prefix + "no" + opt.Name };
            foreach (string alias in DeprecatedAliases(opt, "no"))
            {
                if (!inverse.Contains(alias))
                {
                    inverse.Add(alias);
                }
            }

            yield return new CliAction { Kind = CliActionKind.Flag, OptionStrings = inverse, Entry = entry, FlagValue = false, Help = $"The inverse of --{opt.Name}" };
            yield break;
        }

        string metavar = opt.Metavar ?? (entry.Group is null ? opt.Dest : $"{entry.Group}_{opt.Dest}").ToUpperInvariant();
        yield return new CliAction { Kind = CliActionKind.Store, OptionStrings = [.. names, .. deprecated], Entry = entry, Metavar = metavar, Help = help };
    }
}
