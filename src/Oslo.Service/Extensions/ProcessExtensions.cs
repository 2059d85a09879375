using Microsoft.Extensions.Logging;

using Oslo.Config;

namespace Oslo.Service.Extensions;

/// <summary>
/// The extensions a launcher starts in each of its processes, in the order they were added (stopped in reverse).
/// Also the one place that warns when backdoor options are set but the debug console was not enabled: the core
/// does not reference <c>Oslo.Service.Backdoor</c>, so setting <c>backdoor_port</c> alone does nothing.
/// </summary>
public sealed class ProcessExtensions
{
    private readonly List<IProcessExtension> _items = [];
    private readonly List<IProcessExtension> _started = [];
    private readonly Lock _lock = new();

    /// <summary>The extensions added so far.</summary>
    public IReadOnlyList<IProcessExtension> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    /// <summary>Adds an extension; it starts with the next <see cref="StartAsync"/>.</summary>
    /// <param name="extension">The extension.</param>
    /// <exception cref="InvalidOperationException">An extension with the same name was already added.</exception>
    public void Add(IProcessExtension extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        lock (_lock)
        {
            if (_items.Any(e => e.Name == extension.Name))
            {
                throw new InvalidOperationException($"The process extension '{extension.Name}' was already added to this launcher.");
            }

            _items.Add(extension);
        }
    }

    /// <summary>
    /// Starts every added extension that has not started yet, in order, after warning about backdoor options that
    /// no extension claims. A failing start (an invalid option value) stops those already started and is rethrown.
    /// </summary>
    /// <param name="context">The process.</param>
    /// <param name="cancellationToken">Cancelled when the launcher gives up starting.</param>
    public async Task StartAsync(ProcessExtensionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ILogger logger = context.LoggerFactory.CreateLogger("Oslo.Service.Extensions");
        IProcessExtension[] pending;
        lock (_lock)
        {
            pending = [.. _items.Except(_started)];
        }

        WarnAboutUnclaimedOptions(context.Conf, logger);
        foreach (IProcessExtension extension in pending)
        {
            try
            {
                await extension.StartAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                logger.ExtensionStartFailed(extension.Name, exception.Message);
                await StopAsync(logger, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            lock (_lock)
            {
                _started.Add(extension);
            }
        }
    }

    /// <summary>Stops the started extensions in reverse order; failures are logged, never thrown.</summary>
    /// <param name="logger">Where failures are logged; nowhere when null.</param>
    /// <param name="cancellationToken">Cancelled when the launcher gives up waiting.</param>
    public async Task StopAsync(ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        IProcessExtension[] started;
        lock (_lock)
        {
            started = [.. _started];
            _started.Clear();
        }

        for (int i = started.Length - 1; i >= 0; i--)
        {
            try
            {
                await started[i].StopAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger?.ExtensionStopFailed(started[i].Name, exception);
            }
        }
    }

    /// <summary>
    /// Logs a warning for each backdoor option that is set while no added extension acts on it
    /// ("backdoor_port is set but the debug console is not enabled; call launcher.UseBackdoor() ...").
    /// </summary>
    /// <param name="conf">The configuration.</param>
    /// <param name="logger">Where the warning goes.</param>
    /// <returns>The names of the options warned about.</returns>
    public IReadOnlyList<string> WarnAboutUnclaimedOptions(ConfigOpts conf, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(conf);
        ArgumentNullException.ThrowIfNull(logger);
        HashSet<string> claimed = [.. Items.SelectMany(e => e.Options).Select(o => o.Name)];
        List<string> unclaimed = [];
        foreach (Opt opt in ServiceOptions.EventletBackdoorOpts)
        {
            if (!claimed.Contains(opt.Name) && ReadIfRegistered(conf, opt.Name) is string value && value.Length > 0)
            {
                logger.BackdoorOptionIgnored(opt.Name, value);
                unclaimed.Add(opt.Name);
            }
        }

        return unclaimed;
    }

    // The option may not be registered (nobody asked for it) or the config not parsed yet: then it is simply not set.
    private static string? ReadIfRegistered(ConfigOpts conf, string name)
    {
        if (!conf.IsParsed || !conf.Contains(name))
        {
            return null;
        }

        try
        {
            return conf.GetValue(name)?.ToString();
        }
        catch (OsloConfigException)
        {
            return null;
        }
    }
}
