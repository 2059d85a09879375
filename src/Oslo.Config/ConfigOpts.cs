using System.Collections.Immutable;
using System.Reflection;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace Oslo.Config;

/// <summary>
/// The configuration object (oslo's <c>cfg.ConfigOpts</c>): options are registered, <see cref="Parse"/> reads the
/// command line, the config files and the environment, and values are read with <see cref="Get{T}(Opt{T}, OptGroup?)"/>. There is
/// no global instance; create one per application (or per test).
/// </summary>
/// <remarks>
/// Thread safety: every read works on one immutable <see cref="ConfigState"/> that writers replace atomically,
/// so a reader on another thread never sees half a reload. Writers (registration, overrides, parse, reload,
/// mutate) are serialised by a lock.
/// </remarks>
public sealed partial class ConfigOpts
{
    private static readonly HashSet<string> s_reservedNames = new(StringComparer.Ordinal)
    {
        "project", "prog", "version", "usage", "default_config_files", "default_config_dirs",
        "config_file", "config_dir",
    };

    private readonly Lock _writeLock = new();
    private readonly ILogger _logger;
    // null: the process environment, read once per parse (see ParsedConfig.Environment).
    private readonly Func<string, string?>? _environment;
    private readonly List<Action<ConfigOpts, IReadOnlyDictionary<OptKey, OptChange>>> _mutateHooks = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);
    private ConfigState _state = ConfigState.Initial;
    private CancellationTokenSource _reloadTokenSource = new();

    /// <summary>Creates an empty configuration object.</summary>
    /// <param name="loggerFactory">Where deprecation, reload and mutate messages go (default: nowhere).</param>
    public ConfigOpts(ILoggerFactory? loggerFactory = null)
    {
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Oslo.Config");
    }

    /// <summary>Creates an empty configuration object reading environment variables through <paramref name="environment"/>.</summary>
    /// <param name="loggerFactory">Where deprecation, reload and mutate messages go (default: nowhere).</param>
    /// <param name="environment">Looks up an environment variable (tests pass a dictionary lookup).</param>
    public ConfigOpts(ILoggerFactory? loggerFactory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Oslo.Config");
        _environment = environment;
    }

    private ConfigState State => Volatile.Read(ref _state);

    /// <summary>The <c>--config-file</c> arguments (or the default files when none was given), as given.</summary>
    public IReadOnlyList<string> ConfigFiles => State.Current?.ConfigFiles ?? [];

    /// <summary>The <c>--config-dir</c> arguments (or the default dirs when none was given), as given.</summary>
    public IReadOnlyList<string> ConfigDirs => State.Current?.ConfigDirs ?? [];

    /// <summary>The arguments given to <see cref="Parse"/>, as given.</summary>
    public IReadOnlyList<string> Args => State.Current?.Options.Args ?? [];

    /// <summary>The project name given to <see cref="Parse"/>.</summary>
    public string? Project => State.Current?.Options.Project;

    /// <summary>The program name given to (or derived by) <see cref="Parse"/>.</summary>
    public string? Prog => State.Current?.Options.Prog;

    /// <summary>Whether <see cref="Parse"/> has run.</summary>
    public bool IsParsed => State.Current is not null;

    /// <summary>Registers an option (oslo's <c>register_opt</c>); the group is created if needed.</summary>
    /// <returns>False when the same option was already registered, true otherwise.</returns>
    /// <exception cref="DuplicateOptException">A different option with the same name is registered.</exception>
    public bool RegisterOpt(Opt opt, OptGroup? group = null) => Register([opt], group, cli: false)[0];

    /// <summary>Registers several options in one group.</summary>
    public void RegisterOpts(IEnumerable<Opt> opts, OptGroup? group = null) => Register(opts.ToList(), group, cli: false);

    /// <summary>Registers a command-line option (oslo's <c>register_cli_opt</c>); only before <see cref="Parse"/>.</summary>
    /// <exception cref="ArgsAlreadyParsedException">The command line was already parsed.</exception>
    public bool RegisterCliOpt(Opt opt, OptGroup? group = null) => Register([opt], group, cli: true)[0];

    /// <summary>Registers several command-line options in one group; only before <see cref="Parse"/>.</summary>
    public void RegisterCliOpts(IEnumerable<Opt> opts, OptGroup? group = null) => Register(opts.ToList(), group, cli: true);

    /// <summary>Registers a group (its title and help); registering a group name again is a no-op.</summary>
    public void RegisterGroup(OptGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        lock (_writeLock)
        {
            ConfigState state = State;
            if (group.Name == OptGroup.DefaultName || state.Registry.Groups.ContainsKey(group.Name))
            {
                return;
            }

            Registry registry = state.Registry.CloneForWrite();
            AddGroup(registry, group);
            Publish(state.With(registry: registry));
        }
    }

    /// <summary>Unregisters an option (oslo's <c>unregister_opt</c>); only before <see cref="Parse"/>.</summary>
    public void UnregisterOpt(Opt opt, OptGroup? group = null)
    {
        ArgumentNullException.ThrowIfNull(opt);
        lock (_writeLock)
        {
            ConfigState state = State;
            if (state.Current is not null)
            {
                throw new ArgsAlreadyParsedException("reset before unregistering options");
            }

            Registry registry = state.Registry.CloneForWrite();
            registry.FindGroup(group?.Name)?.Opts.Remove(opt.Dest);
            Publish(state.With(registry: registry));
        }
    }

    /// <summary>Every registered group name, DEFAULT first then in registration order.</summary>
    public IReadOnlyList<string> GroupNames => State.Registry.Order.Select(g => g.Name ?? OptGroup.DefaultName).ToList();

    /// <summary>The registered options of a group (null = DEFAULT), in registration order.</summary>
    /// <exception cref="NoSuchGroupException">The group is not registered.</exception>
    public IReadOnlyList<Opt> GetOpts(string? group = null) =>
        (State.Registry.FindGroup(group) ?? throw new NoSuchGroupException(group!)).Opts.Values.Select(e => e.Opt).ToList();

    /// <summary>The registered group, or null for DEFAULT.</summary>
    /// <exception cref="NoSuchGroupException">The group is not registered.</exception>
    public OptGroup? GetGroup(string? group) =>
        (State.Registry.FindGroup(group) ?? throw new NoSuchGroupException(group!)).Group;

    /// <summary>Every section name seen in the parsed config files (oslo's <c>list_all_sections</c>).</summary>
    public IReadOnlyList<string> ListAllSections() =>
        (State.Current?.Files ?? []).SelectMany(f => f.SectionNames).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Overrides a value in code; beats every source (oslo's <c>set_override</c>).</summary>
    /// <exception cref="NoSuchOptException">The option is not registered.</exception>
    /// <exception cref="ConfigValueException">The value is not valid for the option's type.</exception>
    public void SetOverride(string name, object? value, string? group = null) =>
        SetLayer(name, group, value, overrides: true, clear: false);

    /// <summary>Removes an override.</summary>
    public void ClearOverride(string name, string? group = null) => SetLayer(name, group, null, overrides: true, clear: true);

    /// <summary>Replaces the default for this configuration object only (oslo's <c>set_default</c>).</summary>
    public void SetDefault(string name, object? value, string? group = null) =>
        SetLayer(name, group, value, overrides: false, clear: false);

    /// <summary>Removes a default set with <see cref="SetDefault"/>.</summary>
    public void ClearDefault(string name, string? group = null) => SetLayer(name, group, null, overrides: false, clear: true);

    /// <summary>
    /// Registers a hook called after every successful <see cref="MutateConfigFiles()"/> with the changed mutable
    /// options (typed old and new values). Hooks run in registration order on the caller's thread; one that
    /// throws is logged and does not stop the others.
    /// </summary>
    public void RegisterMutateHook(Action<ConfigOpts, IReadOnlyDictionary<OptKey, OptChange>> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        lock (_writeLock)
        {
            if (!_mutateHooks.Contains(hook))
            {
                _mutateHooks.Add(hook);
            }
        }
    }

    /// <summary>A change token that fires after each successful <see cref="ReloadConfigFiles()"/> or <see cref="MutateConfigFiles()"/>.</summary>
    public IChangeToken GetReloadToken() => new CancellationChangeToken(Volatile.Read(ref _reloadTokenSource).Token);

    /// <summary>Drops the parsed state (command line, files) but keeps registrations, overrides and hooks (oslo's <c>clear</c>).</summary>
    public void Clear()
    {
        lock (_writeLock)
        {
            Publish(State.With(clearParsed: true));
        }
    }

    private bool[] Register(IReadOnlyList<Opt> opts, OptGroup? group, bool cli)
    {
        var results = new bool[opts.Count];
        lock (_writeLock)
        {
            ConfigState state = State;
            if (cli && state.Current is not null)
            {
                throw new ArgsAlreadyParsedException("cannot register CLI option");
            }

            Registry registry = state.Registry.CloneForWrite();
            GroupEntry target = group is null || group.Name == OptGroup.DefaultName
                ? registry.Default
                : registry.Groups.GetValueOrDefault(group.Name) ?? AddGroup(registry, group);
            if (target.Group is null && group is not null && group.Name != OptGroup.DefaultName && (group.Title is not null || group.Help is not null))
            {
                target.Group = group;
            }

            for (int i = 0; i < opts.Count; i++)
            {
                Opt opt = opts[i];
                ArgumentNullException.ThrowIfNull(opt);
                if (target.Name is null && s_reservedNames.Contains(opt.Dest))
                {
                    throw new ArgumentException($"Name {opt.Dest} was reserved for oslo.config.");
                }

                if (target.Opts.TryGetValue(opt.Dest, out OptEntry? existing))
                {
                    if (!existing.Opt.SameDefinition(opt))
                    {
                        throw new DuplicateOptException(opt.Dest);
                    }

                    if (cli && !existing.Cli)
                    {
                        target.Opts[opt.Dest] = existing with { Cli = true };
                    }

                    results[i] = false;
                    continue;
                }

                target.Opts.Add(opt.Dest, new OptEntry(opt, target.Name, cli));
                results[i] = true;
            }

            Publish(state.With(registry: registry));
        }

        return results;
    }

    private static GroupEntry AddGroup(Registry registry, OptGroup group)
    {
        var entry = new GroupEntry(group, group.Name);
        registry.Groups.Add(group.Name, entry);
        registry.Order.Add(entry);
        return entry;
    }

    private void SetLayer(string name, string? group, object? value, bool overrides, bool clear)
    {
        lock (_writeLock)
        {
            ConfigState state = State;
            if (state.Registry.FindGroup(group) is null)
            {
                throw new NoSuchGroupException(group!);
            }

            OptEntry entry = state.Registry.Find(name, group) ?? throw new NoSuchOptException(name, group);
            ImmutableDictionary<OptKey, object?> layer = overrides ? state.Overrides : state.Defaults;
            if (clear)
            {
                layer = layer.Remove(entry.Key);
            }
            else
            {
                object? converted = Opt.IsReference(value) ? value : entry.Opt.ConvertValue(value);
                layer = layer.SetItem(entry.Key, converted);
            }

            Publish(overrides ? state.With(overrides: layer) : state.With(defaults: layer));
        }
    }

    // Writers only: publishing a new state also drops the value cache (it lives in the state).
    private void Publish(ConfigState state) => Volatile.Write(ref _state, state);

    private void FireReloadToken()
    {
        CancellationTokenSource previous = Interlocked.Exchange(ref _reloadTokenSource, new CancellationTokenSource());
        // Not disposed: a reader may still be taking the token of the previous source.
        previous.Cancel();
    }

    private static string DefaultProg() =>
        Assembly.GetEntryAssembly()?.GetName().Name ?? Path.GetFileNameWithoutExtension(Environment.ProcessPath) ?? "prog";
}
