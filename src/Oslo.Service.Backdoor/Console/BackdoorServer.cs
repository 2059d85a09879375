using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

using Microsoft.Extensions.Logging;

using Oslo.Service.Backdoor.Binding;
using Oslo.Service.Backdoor.Commands;
using Oslo.Service.Backdoor.Logging;
using Oslo.Service.Extensions;

namespace Oslo.Service.Backdoor.Console;

/// <summary>Accepts connections on the backdoor's socket and runs one isolated <see cref="ConsoleSession"/> per connection.</summary>
internal sealed class BackdoorServer : IAsyncDisposable
{
    private readonly BackdoorEndpoint _endpoint;
    private readonly BackdoorOptions _options;
    private readonly ProcessExtensionContext _context;
    private readonly ILogger _logger;
    private readonly CpuProfiler _profiler;
    private readonly ConsoleCommands _commands;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, (ConsoleSession Session, Task Run)> _sessions = new();
    private Task? _acceptLoop;
    private int _nextSession;

    internal BackdoorServer(BackdoorEndpoint endpoint, BackdoorOptions options, ProcessExtensionContext context, ILogger logger)
    {
        _endpoint = endpoint;
        _options = options;
        _context = context;
        _logger = logger;
        _profiler = new CpuProfiler(options.ProfileDirectory ?? Path.GetTempPath());
        _commands = new ConsoleCommands(context, _profiler);
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

        foreach ((ConsoleSession session, Task run) in _sessions.Values)
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
            if (_sessions.Count >= _options.MaxSessions)
            {
                _logger.BackdoorSessionRejected(id, "too many sessions");
                await RejectAsync(client).ConfigureAwait(false);
                continue;
            }

            var session = new ConsoleSession(client, id, _options, _commands, _context, _logger);
            _sessions[id] = (session, Task.Run(async () =>
            {
                try
                {
                    await session.RunAsync().ConfigureAwait(false);
                }
                finally
                {
                    _sessions.TryRemove(id, out _);
                    await session.DisposeAsync().ConfigureAwait(false);
                }
            }));
        }
    }

    private async Task RejectAsync(Socket client)
    {
        using (client)
        {
            try
            {
                byte[] message = Encoding.UTF8.GetBytes($"Too many sessions (at most {_options.MaxSessions}); try again later\n");
                await client.SendAsync(message, SocketFlags.None).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // The peer already left.
            }
        }
    }
}
