using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Backdoor.Binding;
using Oslo.Service.Backdoor.Console;
using Oslo.Service.Backdoor.Logging;
using Oslo.Service.Extensions;

namespace Oslo.Service.Backdoor;

/// <summary>
/// The debug console as a process extension: in each process a launcher starts, reads <c>backdoor_socket</c> and
/// <c>backdoor_port</c>, binds (loopback or a 0600 Unix socket), logs "Backdoor listening on … for process …" at
/// WARNING, publishes oslo's <c>backdoor_port</c> and serves console sessions until the process stops.
/// Added by <see cref="BackdoorLauncherExtensions.UseBackdoor"/>.
/// </summary>
public sealed class BackdoorExtension : IProcessExtension
{
    private readonly BackdoorOptions _options;
    private BackdoorServer? _server;

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
    public IReadOnlyList<Opt> Options => ServiceOptions.EventletBackdoorOpts;

    /// <summary>Where the console listens in this process (<c>127.0.0.1:port</c> or the socket path); null when not enabled.</summary>
    public string? Where { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="BackdoorConfigValueException"><c>backdoor_port</c> has none of the accepted forms.</exception>
    public ValueTask StartAsync(ProcessExtensionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_server is not null)
        {
            return ValueTask.CompletedTask;
        }

        ILogger logger = context.LoggerFactory.CreateLogger("Oslo.Service.Backdoor");
        context.Conf.RegisterOpts(ServiceOptions.EventletBackdoorOpts);
        BackdoorEndpoint? endpoint = Bind(context.Conf, logger);
        if (endpoint is null)
        {
            return ValueTask.CompletedTask;
        }

        Where = endpoint.Where;
        logger.BackdoorListening(endpoint.Where, Environment.ProcessId);
        context.PublishBackdoorPort(endpoint.BackdoorPort);
        _server = new BackdoorServer(endpoint, _options, context, logger);
        _server.Start();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        Where = null;
    }

    // oslo's _initialize_if_enabled: the socket wins when both are set.
    private static BackdoorEndpoint? Bind(ConfigOpts conf, ILogger logger)
    {
        string? socket = conf.GetValue<string>(ServiceOptions.BackdoorSocket.Name);
        string? port = conf.GetValue<string>(ServiceOptions.BackdoorPort.Name);
        if (!string.IsNullOrEmpty(socket))
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("backdoor_socket needs Unix domain sockets with file modes; use backdoor_port on Windows.");
            }

            if (!SocketPathFormat.TryFormat(socket, Environment.ProcessId, out string? path))
            {
                logger.BackdoorSocketFormatFailed(socket);
                path = socket;
            }

            return BackdoorBinder.BindUnix(path!);
        }

        if (string.IsNullOrEmpty(port))
        {
            return null;
        }

        BackdoorPortRange range = BackdoorPortRange.Parse(port);
        BackdoorEndpoint? endpoint = BackdoorBinder.BindTcp(range);
        if (endpoint is null)
        {
            logger.BackdoorPortInUse(range.ToString(), Environment.ProcessId);
        }

        return endpoint;
    }
}
