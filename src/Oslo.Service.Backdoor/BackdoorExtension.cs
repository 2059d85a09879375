using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

using Oslo.Config;
using Oslo.Service.Backdoor.Binding;
using Oslo.Service.Backdoor.Console;
using Oslo.Service.Backdoor.Logging;
using Oslo.Service.Control;
using Oslo.Service.Extensions;

namespace Oslo.Service.Backdoor;

/// <summary>
/// The debug console as a process extension: in each process a launcher starts, reads <c>backdoor_socket</c>,
/// <c>backdoor_port</c> and <c>backdoor_token_file</c>, binds (loopback or a 0600 Unix socket), logs "Backdoor
/// listening on … for process …" at WARNING, publishes oslo's <c>backdoor_port</c> and serves console sessions until
/// the process stops. Added by <see cref="BackdoorLauncherExtensions.UseBackdoor"/>.
/// </summary>
/// <remarks>
/// The console follows the configuration: after each successful reload or mutate of this process's
/// <see cref="ConfigOpts"/> (its reload token), it closes when the options were removed, opens when they were added,
/// moves when they changed, and re-reads the token file. In a process launcher that is the parent at its reload, each
/// worker at a mutate (the options are mutable), and the new workers of a rolling reload at their start. A reload
/// whose console settings are invalid leaves the console as it was and logs why.
/// </remarks>
public sealed class BackdoorExtension : IProcessExtension
{
    private readonly BackdoorOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BackdoorServer? _server;
    private Settings? _settings;
    private ProcessExtensionContext? _context;
    private ILogger? _logger;
    private IDisposable? _reloadSubscription;
    private bool _stopped;

    /// <summary>Creates the extension.</summary>
    /// <param name="options">Code-level settings (token, profile directory); defaults when null.</param>
    public BackdoorExtension(BackdoorOptions? options = null)
    {
        _options = options ?? new BackdoorOptions();
        _options.Validate();
    }

    /// <inheritdoc/>
    public string Name => "backdoor";

    /// <inheritdoc/>
    public IReadOnlyList<Opt> Options => BackdoorOpts.All;

    /// <summary>Where the console listens in this process (<c>127.0.0.1:port</c> or the socket path); null when not enabled.</summary>
    public string? Where { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="BackdoorConfigValueException"><c>backdoor_port</c> has none of the accepted forms, or the token file is refused.</exception>
    public async ValueTask StartAsync(ProcessExtensionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_context is not null)
            {
                return;
            }

            _context = context;
            _stopped = false;
            _logger = context.LoggerFactory.CreateLogger("Oslo.Service.Backdoor");
            context.Conf.RegisterOpts(BackdoorOpts.All);
            Apply(Settings.Read(context.Conf, _options));
            _reloadSubscription = ChangeToken.OnChange(context.Conf.GetReloadToken, () => _ = Task.Run(FollowReloadAsync));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _stopped = true;
            _reloadSubscription?.Dispose();
            _reloadSubscription = null;
            await CloseAsync().ConfigureAwait(false);
            _context = null;
            _settings = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Called on the reloading thread by the reload token: the work goes to the thread pool, one change at a time.
    private async Task FollowReloadAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped || _context is not { } context || _logger is not { } logger)
            {
                return;
            }

            Settings next;
            try
            {
                next = Settings.Read(context.Conf, _options);
            }
            catch (BackdoorConfigValueException exception)
            {
                logger.BackdoorReloadFailed(exception.Message);
                return;
            }

            if (_server is { } server && next.SameEndpoint(_settings))
            {
                if (next.Token != server.Token && next.TokenFile is { } file)
                {
                    server.Token = next.Token;
                    logger.BackdoorTokenChanged(server.Endpoint.Where, file);
                }

                _settings = next;
                return;
            }

            if (_server is null && !next.Enabled)
            {
                _settings = next;
                return;
            }

            await CloseAsync().ConfigureAwait(false);
            try
            {
                Apply(next);
            }
            catch (Exception exception) when (exception is BackdoorConfigValueException or IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
            {
                logger.BackdoorReloadFailed(exception.Message);
            }
        }
        catch (Exception exception)
        {
            _logger?.BackdoorReloadFailed(exception.ToString());
        }
        finally
        {
            _gate.Release();
        }
    }

    // Binds and starts a server for the settings (none when neither option is set). Caller holds the gate.
    private void Apply(Settings settings)
    {
        ProcessExtensionContext context = _context!;
        ILogger logger = _logger!;
        _settings = settings;
        BackdoorEndpoint? endpoint = Bind(settings, logger);
        if (endpoint is null)
        {
            return;
        }

        Where = endpoint.Where;
        logger.BackdoorListening(endpoint.Where, Environment.ProcessId);
        if (endpoint.UnixPath is null && settings.Token is null)
        {
            logger.BackdoorWithoutToken(endpoint.Where, Environment.UserName);
        }

        context.PublishBackdoorPort(endpoint.BackdoorPort);
        _server = new BackdoorServer(endpoint, _options, settings.Token, context, logger);
        _server.Start();
    }

    // Caller holds the gate.
    private async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            _context?.PublishBackdoorPort(null);
        }

        Where = null;
    }

    // oslo's _initialize_if_enabled: the socket wins when both are set.
    private static BackdoorEndpoint? Bind(Settings settings, ILogger logger)
    {
        if (!string.IsNullOrEmpty(settings.Socket))
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("backdoor_socket needs Unix domain sockets with file modes; use backdoor_port on Windows.");
            }

            if (!SocketPathFormat.TryFormat(settings.Socket, Environment.ProcessId, out string? path))
            {
                logger.BackdoorSocketFormatFailed(settings.Socket);
                path = settings.Socket;
            }

            try
            {
                return BackdoorBinder.BindUnix(path!);
            }
            catch (UnixSocketBinder.PathTakenException exception)
            {
                // Another process listens there (a fixed path with several processes) or it is not a socket: as for
                // a port in use, the service runs without a console rather than taking the path over.
                logger.BackdoorSocketInUse(path!, Environment.ProcessId, exception.Message);
                return null;
            }
        }

        if (string.IsNullOrEmpty(settings.Port))
        {
            return null;
        }

        BackdoorPortRange range = BackdoorPortRange.Parse(settings.Port);
        BackdoorEndpoint? endpoint = BackdoorBinder.BindTcp(range);
        if (endpoint is null)
        {
            logger.BackdoorPortInUse(range.ToString(), Environment.ProcessId);
        }

        return endpoint;
    }

    /// <summary>The console's options as read from the configuration, and the token they lead to.</summary>
    private sealed record Settings(string? Socket, string? Port, string? TokenFile, string? Token)
    {
        public bool Enabled => !string.IsNullOrEmpty(Socket) || !string.IsNullOrEmpty(Port);

        /// <exception cref="BackdoorConfigValueException">The token file is refused.</exception>
        public static Settings Read(ConfigOpts conf, BackdoorOptions options)
        {
            string? socket = conf.GetValue<string>(ServiceOptions.BackdoorSocket.Name);
            string? port = conf.GetValue<string>(ServiceOptions.BackdoorPort.Name);
            string? tokenFile = conf.GetValue<string>(BackdoorOpts.TokenFile.Name);
            bool enabled = !string.IsNullOrEmpty(socket) || !string.IsNullOrEmpty(port);
            string? token = string.IsNullOrEmpty(tokenFile) ? options.Token : enabled ? Binding.TokenFile.Read(tokenFile) : null;
            return new Settings(socket, port, string.IsNullOrEmpty(tokenFile) ? null : tokenFile, token);
        }

        public bool SameEndpoint(Settings? other) => other is not null && Socket == other.Socket && Port == other.Port;
    }
}
