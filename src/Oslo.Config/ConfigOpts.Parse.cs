using Oslo.Config.CommandLine;
using Oslo.Config.Ini;

namespace Oslo.Config;

public sealed partial class ConfigOpts
{
    /// <summary>
    /// Parses the command line, the config files and directories (oslo's <c>__call__</c>). Sources are processed in
    /// argument order: each <c>--config-file</c> is read when it is met, so a later file beats an earlier command-line
    /// value of the same option and vice versa. Default files and directories are read first, unless the arguments
    /// name <c>--config-file</c> / <c>--config-dir</c> themselves. Required options are checked last.
    /// </summary>
    /// <param name="args">The command-line arguments (without the program name).</param>
    /// <param name="project">Project name, used to find default config files (<c>/etc/{project}/{project}.conf</c>...).</param>
    /// <param name="prog">Program name for usage lines and default files (default: the entry assembly name).</param>
    /// <param name="version">Enables <c>--version</c>, which prints this text.</param>
    /// <param name="defaultConfigFiles">Files read when no <c>--config-file</c> is given (default: searched from project/prog).</param>
    /// <param name="defaultConfigDirs">Directories read when no <c>--config-dir</c> is given (default: searched).</param>
    /// <param name="validateDefaultValues">Convert every default now and fail on a bad one.</param>
    /// <param name="useEnv">Read <c>OS_{GROUP}__{OPT}</c> environment variables.</param>
    /// <exception cref="CommandLineExitException">Help, version, a usage error (exit 2) or a bad command-line value (exit 1).</exception>
    /// <exception cref="ConfigFileParseException">A config file breaks the INI dialect.</exception>
    /// <exception cref="ConfigFilesNotFoundException">A config file does not exist.</exception>
    /// <exception cref="ConfigDirNotFoundException">A config directory does not exist.</exception>
    /// <exception cref="RequiredOptException">A required option has no value.</exception>
    public void Parse(IReadOnlyList<string> args, string? project = null, string? prog = null, string? version = null,
        IReadOnlyList<string>? defaultConfigFiles = null, IReadOnlyList<string>? defaultConfigDirs = null,
        bool validateDefaultValues = false, bool useEnv = true)
    {
        ArgumentNullException.ThrowIfNull(args);
        prog ??= DefaultProg();
        var options = new ParseOptions(args.ToList(), project, prog, version,
            defaultConfigFiles ?? DefaultConfigLocator.FindConfigFiles(project, prog),
            defaultConfigDirs ?? DefaultConfigLocator.FindConfigDirs(project, prog),
            validateDefaultValues, useEnv);
        lock (_writeLock)
        {
            ConfigState state = State;
            ParsedConfig parsed = ParseSources(state, options);
            ConfigState next = state.With(startup: parsed, current: parsed);
            CheckAfterParse(next);
            Publish(next);
        }
    }

    /// <summary>
    /// <see cref="Parse"/> for a program's <c>Main</c>: on <c>--help</c>, <c>--version</c> or a command-line error it
    /// prints the text (stdout or stderr) and exits the process with argparse's status, as oslo does; any other
    /// configuration error (a missing or unreadable <c>--config-file</c>, a syntax error, a bad value, a missing
    /// required option) is printed as one line, <c>{prog}: error: {message}</c>, and exits 1 (no stack trace).
    /// </summary>
    public void ParseOrExit(IReadOnlyList<string> args, string? project = null, string? prog = null, string? version = null,
        IReadOnlyList<string>? defaultConfigFiles = null, IReadOnlyList<string>? defaultConfigDirs = null,
        bool validateDefaultValues = false, bool useEnv = true)
    {
        int? exitCode = ParseOrReport(Console.Out, Console.Error,
            () => Parse(args, project, prog, version, defaultConfigFiles, defaultConfigDirs, validateDefaultValues, useEnv),
            prog ?? DefaultProg());
        if (exitCode is { } code)
        {
            Environment.Exit(code);
        }
    }

    // ParseOrExit without the exit (the seam its tests use): null when parsing succeeded, else the exit status
    // after the text was written.
    internal static int? ParseOrReport(TextWriter stdout, TextWriter stderr, Action parse, string prog)
    {
        try
        {
            parse();
            return null;
        }
        catch (CommandLineExitException e)
        {
            (e.IsError ? stderr : stdout).Write(e.Output);
            stderr.Flush();
            stdout.Flush();
            return e.ExitCode;
        }
        catch (OsloStartupException e)
        {
            stderr.WriteLine($"{prog}: error: {OneLine(e.Message)}");
            stderr.Flush();
            return 1;
        }
    }

    // A message that reaches a terminal or a journal as exactly one line.
    internal static string OneLine(string message) =>
        message.Contains('\n', StringComparison.Ordinal) || message.Contains('\r', StringComparison.Ordinal)
            ? message.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ')
            : message;

    /// <summary>The <c>--help</c> text for the registered command-line options.</summary>
    public string FormatHelp(string? prog = null) => BuildCliParser(State.Registry, prog ?? Prog ?? DefaultProg(), null).FormatHelp();

    /// <summary>The usage line(s) for the registered command-line options.</summary>
    public string FormatUsage(string? prog = null) => BuildCliParser(State.Registry, prog ?? Prog ?? DefaultProg(), null).FormatUsage();

    private static CliParser BuildCliParser(Registry registry, string prog, string? version)
    {
        var parser = new CliParser(prog, version, registry.AllOpts.Where(e => e.Cli));
        foreach (GroupEntry g in registry.Order)
        {
            if (g.Name is not null && g.Group?.Title is { } title)
            {
                parser.GroupTitles[g.Name] = title;
            }

            if (g.Name is not null && g.Group?.Help is { } help)
            {
                parser.GroupDescriptions[g.Name] = help;
            }
        }

        return parser;
    }

    // One pass over the sources in argument order (see Parse). Pure apart from reading files. The errors come in
    // oslo's order: a broken file (read as argparse meets its --config-file), a usage error, a bad command-line
    // value (options sorted by name), then missing and unreadable files.
    private ParsedConfig ParseSources(ConfigState state, ParseOptions options)
    {
        Registry registry = state.Registry;
        CliParser parser = BuildCliParser(registry, options.Prog, options.Version);
        List<CliEvent> events = parser.Parse(options.Args, out CommandLineExitException? usageError);
        List<OptEntry> cliOpts = registry.AllOpts.Where(e => e.Cli).ToList();

        var files = new List<IniDocument>();
        var notFound = new List<string>();
        var denied = new List<string>();
        var cli = new Dictionary<OptKey, RawValue>();
        var fromCommandLine = new HashSet<OptKey>();

        void ReadFile(string path)
        {
            IniDocument doc;
            try
            {
                doc = IniParser.ParseFile(path);
            }
            catch (FileNotFoundException)
            {
                notFound.Add(path);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                notFound.Add(path);
                return;
            }
            catch (UnauthorizedAccessException)
            {
                denied.Add(path);
                return;
            }
            catch (IOException e)
            {
                throw new ConfigFileReadException(path, e.Message);
            }

            files.Add(doc);

            // argparse semantics: a command-line option found in a file takes its value now, so a later
            // command-line argument (or a later file) replaces it.
            foreach (OptEntry entry in cliOpts)
            {
                if (ParsedConfig.FindInFile(doc, entry) is { } raw)
                {
                    cli[entry.Key] = entry.Opt.IsMulti && cli.TryGetValue(entry.Key, out RawValue? earlier)
                        ? new RawValue([.. earlier.Items, .. raw.Items], earlier.ViaDeprecated ?? raw.ViaDeprecated)
                        : raw;
                    fromCommandLine.Remove(entry.Key);
                }
            }
        }

        void ReadDir(string dir, bool mustExist)
        {
            if (!Directory.Exists(dir))
            {
                if (mustExist)
                {
                    throw new ConfigDirNotFoundException(dir);
                }

                return;
            }

            string[] found;
            try
            {
                found = Directory.GetFiles(dir, "*.conf");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigFileReadException(dir, e.Message);
            }

            foreach (string file in found.Order(StringComparer.Ordinal))
            {
                ReadFile(file);
            }
        }

        bool fileArg = options.Args.Any(a => a.StartsWith("--config-file", StringComparison.Ordinal));
        bool dirArg = options.Args.Any(a => a.StartsWith("--config-dir", StringComparison.Ordinal));
        var configFiles = new List<string>();
        var configDirs = new List<string>();
        if (!fileArg)
        {
            foreach (string f in options.DefaultConfigFiles)
            {
                configFiles.Add(f);
                ReadFile(f);
            }
        }

        if (!dirArg)
        {
            foreach (string d in options.DefaultConfigDirs)
            {
                configDirs.Add(d);
                ReadDir(d, mustExist: false);
            }
        }

        foreach (CliEvent e in events)
        {
            if (e.Positional is { } positional)
            {
                Add(positional.Entry, e.Value!);
                continue;
            }

            CliAction action = e.Action!;
            switch (action.Kind)
            {
                case CliActionKind.ConfigFile:
                    configFiles.Add(e.Value!);
                    ReadFile(e.Value!);
                    break;
                case CliActionKind.ConfigDir:
                    configDirs.Add(e.Value!);
                    ReadDir(e.Value!, mustExist: true);
                    break;
                case CliActionKind.Flag:
                    Add(action.Entry!, action.FlagValue ? "true" : "false");
                    break;
                default:
                    Add(action.Entry!, e.Value!);
                    break;
            }
        }

        if (usageError is not null)
        {
            throw usageError;
        }

        var parsed = new ParsedConfig(options, files, configFiles, configDirs, cli, fromCommandLine,
            options.UseEnv && _environment is null ? ParsedConfig.ReadProcessEnvironment() : null);

        // oslo checks command-line values when parsing (argparse exits with status 1), also a command-line
        // option's value that came from a file: substituted, in the order of the options' names.
        // Only a value holding a '$' reads other options: build the state it reads from only then.
        ConfigState reading = cli.Values.Any(v => v.Items.Any(i => i.Value.Contains('$', StringComparison.Ordinal)))
            ? state.With(startup: parsed, current: parsed)
            : state;
        // oslo keeps command-line options newest first (positional ones last, oldest first) and sorts that stably.
        List<OptEntry> osloOrder = [.. cliOpts.OrderBy(e => e.Opt.Positional ? e.Sequence : -e.Sequence - long.MaxValue / 2)];
        foreach (OptEntry entry in osloOrder.OrderBy(e => e.Opt.Name, StringComparer.Ordinal))
        {
            if (cli.TryGetValue(entry.Key, out RawValue? raw))
            {
                CheckCommandLineValue(reading, entry, raw);
            }
        }

        if (notFound.Count > 0)
        {
            throw new ConfigFilesNotFoundException(notFound);
        }

        if (denied.Count > 0)
        {
            throw new ConfigFilesPermissionDeniedException(denied);
        }

        return parsed;

        void Add(OptEntry entry, string value)
        {
            var item = new RawItem(value, SourceKind.CommandLine, Origin: "command line");
            if (entry.Opt.IsMulti && cli.TryGetValue(entry.Key, out RawValue? earlier))
            {
                cli[entry.Key] = new RawValue([.. earlier.Items, item]);
            }
            else
            {
                cli[entry.Key] = new RawValue([item]);
            }

            fromCommandLine.Add(entry.Key);
        }
    }

    private void CheckCommandLineValue(ConfigState state, OptEntry entry, RawValue raw)
    {
        var substituted = new List<string>(raw.Items.Count);
        foreach (RawItem item in raw.Items)
        {
            substituted.Add(Substitute(state, entry, item.Value, [entry.Key]));
        }

        for (int i = 0; i < raw.Items.Count; i++)
        {
            RawItem item = raw.Items[i];
            try
            {
                entry.Opt.Type.Parse(substituted[i]);
            }
            catch (ConfigValueException e) when (item.Kind == SourceKind.File)
            {
                // Nobody typed a flag: blame the file and line the value came from.
                throw new ConfigFileValueException(entry.Opt.Name, item.Where, e.Message, e);
            }
            catch (ConfigValueException)
            {
                // oslo names the dest alone, also for an option of a group (--port, not --grp_port), and shows
                // the substituted value: a multi-valued option's whole list.
                string shown = entry.Opt.IsMulti ? PyRepr.Repr(substituted) : substituted[i];
                throw new CommandLineExitException(1,
                    $"argument --{entry.Opt.Dest}: Invalid {entry.Opt.Type} value: {shown}\n", isError: true);
            }
        }
    }

    // The checks oslo runs at the end of __call__ and of a reload: required options, and (if asked) defaults.
    private void CheckAfterParse(ConfigState state)
    {
        // Defaults are checked when the option is built; one holding a $reference when it is read (oslo's _do_get,
        // also with validate_default_values).
        foreach (OptEntry entry in state.Registry.AllOpts)
        {
            if (!entry.Opt.Required || state.Overrides.ContainsKey(entry.Key) || state.Defaults.ContainsKey(entry.Key))
            {
                continue;
            }

            object? value = Resolve(state, entry, null);
            // oslo: a required multi-valued option whose default is [] is satisfied by it.
            if (value is null)
            {
                throw new RequiredOptException(entry.Opt.Name, entry.Group);
            }
        }
    }
}
