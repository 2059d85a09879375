using System.Diagnostics;

namespace Oslo.Service.ChaosTests.Infrastructure;

/// <summary>
/// Keep-alive load as wrk makes it: N connections, each sending its next <c>GET /</c> as soon as the previous
/// response is read. A failure is what wrk counts: a connect, write or read error with a request outstanding, or a
/// status other than 200; each is recorded with the time it happened (on <see cref="Clock"/>) so a test can tell
/// which attack it belongs to, with the pid of the worker that served the connection's previous response (0 for a
/// connection that had none yet).
/// </summary>
internal sealed partial class LoadGenerator(int port, Stopwatch clock)
{
    private readonly List<LoadFailure> _failures = [];
    private readonly HashSet<string> _bodies = [];
    private long _ok;

    public Stopwatch Clock => clock;

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

    public Task RunAsync(int connections, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => ConnectionLoopAsync(stop), CancellationToken.None)));

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
                        connection = await RawHttp.ConnectAsync(port);
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
        lock (_failures)
        {
            _failures.Add(new LoadFailure(clock.Elapsed, why, servedBy));
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"from pid (\d+)")]
    private static partial System.Text.RegularExpressions.Regex PidRegex();
}

/// <summary>One failed request: when, why, and which worker served the connection before (0: none yet).</summary>
internal sealed record LoadFailure(TimeSpan At, string Why, int ServedBy);
