using System.Diagnostics;

namespace Oslo.Service.ChaosTests.Infrastructure;

/// <summary>
/// Keep-alive load as wrk makes it: N connections, each sending its next <c>GET /</c> as soon as the previous
/// response is read. A failure is what wrk counts: a connect, write or read error with a request outstanding, or a
/// status other than 200; each is recorded with the time it happened (on <see cref="Clock"/>) so a test can tell
/// which attack it belongs to, with the pid of the worker that served the connection's previous response (0 for a
/// connection that had none yet).
/// </summary>
/// <remarks>Started by <see cref="Start"/>; disposing stops it, so a failing test never leaves load running.</remarks>
internal sealed partial class LoadGenerator : IAsyncDisposable
{
    // Enough for every failure of any attack here; beyond it only the count grows (a dead server refuses
    // connections as fast as they are made).
    private const int KeptFailures = 100_000;

    private readonly List<LoadFailure> _failures = [];
    private readonly HashSet<string> _bodies = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly int _port;
    private readonly Stopwatch _clock;
    private readonly TimeSpan _pause;
    private Task _running = Task.CompletedTask;
    private long _ok;
    private long _failed;

    private LoadGenerator(int port, Stopwatch clock, TimeSpan pause)
    {
        _port = port;
        _clock = clock;
        _pause = pause;
    }

    /// <summary>Starts <paramref name="connections"/> keep-alive connections to 127.0.0.1:<paramref name="port"/>.</summary>
    /// <param name="clock">The clock failures are timed on (the test's, so it can compare them with its attacks).</param>
    /// <param name="pause">Think time after each response (zero: as fast as the server answers). A long attack
    /// uses one so it does not take both cores from the test suites running beside it.</param>
    public static LoadGenerator Start(int port, int connections, Stopwatch? clock = null, TimeSpan pause = default)
    {
        var load = new LoadGenerator(port, clock ?? Stopwatch.StartNew(), pause);
        load._running = Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => load.ConnectionLoopAsync(load._stop.Token), CancellationToken.None)));
        return load;
    }

    /// <summary>Every failed request, including those beyond the kept records.</summary>
    public long FailedCount => Interlocked.Read(ref _failed);

    public long Ok => Interlocked.Read(ref _ok);

    public IReadOnlyList<LoadFailure> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    public IReadOnlyCollection<string> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    /// <summary>Stops sending; returns once every connection's current request has ended.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task ConnectionLoopAsync(CancellationToken stop)
    {
        RawHttp? connection = null;
        int servedBy = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (connection is null)
                    {
                        servedBy = 0;
                        connection = await RawHttp.ConnectAsync(_port);
                    }

                    await connection.SendAsync("GET / HTTP/1.1\r\nHost: hello\r\n\r\n");
                    var (status, head, body) = await connection.ReadResponseAsync(TimeSpan.FromSeconds(15));
                    if (status != 200)
                    {
                        Fail($"status {status}", servedBy);
                    }
                    else
                    {
                        Interlocked.Increment(ref _ok);
                        if (PidRegex().Match(body) is { Success: true } pid)
                        {
                            servedBy = int.Parse(pid.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                        }

                        lock (_bodies)
                        {
                            _bodies.Add(body.Trim());
                        }
                    }

                    if (head.Contains("Connection: close", StringComparison.OrdinalIgnoreCase))
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }

                    if (_pause > TimeSpan.Zero)
                    {
                        await Task.Delay(_pause, CancellationToken.None);
                    }
                }
                catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
                {
                    Fail(ex.GetType().Name + ": " + ex.Message, servedBy);
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private void Fail(string why, int servedBy)
    {
        Interlocked.Increment(ref _failed);
        lock (_failures)
        {
            if (_failures.Count < KeptFailures)
            {
                _failures.Add(new LoadFailure(_clock.Elapsed, why, servedBy));
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"from pid (\d+)")]
    private static partial System.Text.RegularExpressions.Regex PidRegex();
}

/// <summary>One failed request: when, why, and which worker served the connection before (0: none yet).</summary>
internal sealed record LoadFailure(TimeSpan At, string Why, int ServedBy);
