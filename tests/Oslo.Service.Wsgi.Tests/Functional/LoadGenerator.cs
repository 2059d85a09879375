using System.Text.RegularExpressions;

using Oslo.Service.Wsgi.Tests.Support;

namespace Oslo.Service.Wsgi.Tests.Functional;

/// <summary>
/// Keep-alive load the way wrk makes it: N connections, each sending the next request as soon as the previous
/// response is read; a response with <c>Connection: close</c> means reconnect. A failure is what wrk counts: a
/// connect or read error with a request outstanding, or a status other than 200.
/// </summary>
internal sealed partial class LoadGenerator
{
    private readonly int _port;
    private readonly HashSet<string> _bodies = [];
    private long _ok;
    private long _failed;

    private readonly bool _newConnectionPerRequest;

    /// <param name="port">The server's port on 127.0.0.1.</param>
    /// <param name="newConnectionPerRequest">Send <c>Connection: close</c>, so every request is a new accept (spreads
    /// requests over the workers; keep-alive connections stay with the worker that accepted them).</param>
    public LoadGenerator(int port, bool newConnectionPerRequest = false)
    {
        _port = port;
        _newConnectionPerRequest = newConnectionPerRequest;
    }

    public long Ok => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    public List<string> Failures { get; } = [];

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
        Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => ConnectionLoopAsync(stop))));

    public IReadOnlyCollection<int> Pids() => Bodies.Select(b => int.Parse(PidRegex().Match(b).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    private async Task ConnectionLoopAsync(CancellationToken stop)
    {
        RawHttp? connection = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    connection ??= await RawHttp.ConnectAsync(_port);
                    await connection.SendAsync(_newConnectionPerRequest
                        ? "GET / HTTP/1.1\r\nHost: hello\r\nConnection: close\r\n\r\n"
                        : "GET / HTTP/1.1\r\nHost: hello\r\n\r\n");
                    var (status, head, body) = await connection.ReadResponseAsync(TimeSpan.FromSeconds(15));
                    if (status != 200)
                    {
                        Fail($"status {status}");
                    }
                    else
                    {
                        Interlocked.Increment(ref _ok);
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
                    Fail(ex.GetType().Name + ": " + ex.Message);
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

    private void Fail(string why)
    {
        Interlocked.Increment(ref _failed);
        lock (Failures)
        {
            Failures.Add(why);
        }
    }

    [GeneratedRegex(@"from pid (\d+)")]
    private static partial Regex PidRegex();
}
