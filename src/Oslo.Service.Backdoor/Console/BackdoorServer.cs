using System.Collections.Concurrent;
using System.Net.Sockets;

using Microsoft.Extensions.Logging;

using Oslo.Service.Backdoor.Binding;
using Oslo.Service.Backdoor.Commands;
using Oslo.Service.Backdoor.Logging;
using Oslo.Service.Extensions;

namespace Oslo.Service.Backdoor.Console;

/// <summary>Accepts connections on the backdoor's socket and runs one isolated <see cref="ConsoleSession"/> per connection.</summary>
/// <remarks>
/// The order for a connection: when a token is set, the token question and the first line, within
/// <see cref="BackdoorOptions.AuthenticationTimeout"/>, <em>before</em> the connection takes one of the
/// <see cref="BackdoorOptions.MaxSessions"/> slots (so connections that never authenticate cannot lock operators
/// out); then a slot, or "Too many sessions"; then the session. Refusals are logged at most once per 10 s.
/// </remarks>
internal sealed class BackdoorServer : IAsyncDisposable
{
    // Connections waiting to authenticate at once; past it, new ones are closed at once (and counted as refused).
    private const int MaxAuthenticating = 128;

    private readonly BackdoorEndpoint _endpoint;
    private readonly BackdoorOptions _options;
    private readonly ProcessExtensionContext _context;
    private readonly ILogger _logger;
    private readonly CpuProfiler _profiler;
    private readonly ConsoleCommands _commands;
    private readonly RejectionLog _rejections;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, (ConsoleSession Session, Task Run)> _connections = new();
    private Task? _acceptLoop;
    private int _nextSession;
    private int _sessions;
    private int _authenticating;
    private volatile string? _token;

    internal BackdoorServer(BackdoorEndpoint endpoint, BackdoorOptions options, string? token, ProcessExtensionContext context, ILogger logger)
    {
        _endpoint = endpoint;
        _options = options;
        _token = token;
        _context = context;
        _logger = logger;
        _rejections = new RejectionLog(logger, TimeProvider.System);
        _profiler = new CpuProfiler(options.ProfileDirectory ?? Path.GetTempPath());
        _commands = new ConsoleCommands(context, _profiler);
    }

    /// <summary>Where it listens.</summary>
    internal BackdoorEndpoint Endpoint => _endpoint;

    /// <summary>The token new connections must send; null for none. Changed by a reload that re-read the token file.</summary>
    internal string? Token
    {
        get => _token;
        set => _token = value;
    }

    internal void Start() => _acceptLoop = Task.Run(AcceptLoopAsync);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _endpoint.Listener.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        foreach ((ConsoleSession session, Task run) in _connections.Values)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            await run.ConfigureAwait(false);
        }

        await _profiler.DisposeAsync().ConfigureAwait(false);
        if (_endpoint.UnixPath is { } path)
        {
            File.Delete(path);
        }

        _stopping.Dispose();
        _logger.BackdoorStopped(_endpoint.Where);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _endpoint.Listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            int id = Interlocked.Increment(ref _nextSession);
            var session = new ConsoleSession(client, id, _options, _commands, _context, _logger);
            _connections[id] = (session, Task.Run(() => ServeAsync(session, id)));
        }
    }

    private async Task ServeAsync(ConsoleSession session, int id)
    {
        bool holdsSlot = false;
        try
        {
            if (_token is { } token)
            {
                string? refused;
                if (Interlocked.Increment(ref _authenticating) > MaxAuthenticating)
                {
                    refused = $"more than {MaxAuthenticating} connections waiting to authenticate";
                }
                else
                {
                    refused = await session.AuthenticateAsync(token, _options.AuthenticationTimeout, _stopping.Token).ConfigureAwait(false);
                }

                Interlocked.Decrement(ref _authenticating);
                if (refused is not null)
                {
                    _rejections.Report(id, refused);
                    return;
                }
            }

            if (Interlocked.Increment(ref _sessions) > _options.MaxSessions)
            {
                Interlocked.Decrement(ref _sessions);
                _rejections.Report(id, "too many sessions");
                await session.RefuseAsync($"Too many sessions (at most {_options.MaxSessions}); try again later\n").ConfigureAwait(false);
                return;
            }

            holdsSlot = true;
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            if (holdsSlot)
            {
                Interlocked.Decrement(ref _sessions);
            }

            _connections.TryRemove(id, out _);
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
