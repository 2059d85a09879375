namespace Oslo.Service.Observability.Tests;

/// <summary>
/// Bounded keep-alive load on 127.0.0.1: a few clients, each sending one request after the other over its own
/// kept-alive connection, counting what was served and what failed, until disposed.
/// </summary>
internal sealed class KeepAliveLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _clients;
    private readonly HttpClient _client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { Timeout = TimeSpan.FromSeconds(30) };
    private int _served;
    private int _failed;

    internal KeepAliveLoad(int port, int clients, string path = "/")
    {
        var uri = new Uri($"http://127.0.0.1:{port}{path}");
        _clients = [.. Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using HttpResponseMessage response = await _client.GetAsync(uri, CancellationToken.None);
                    Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _served : ref _failed);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref _failed);
                }
            }
        }))];
    }

    internal int Served => Volatile.Read(ref _served);

    internal int Failed => Volatile.Read(ref _failed);

    /// <summary>Waits until <paramref name="more"/> more requests than now have been served.</summary>
    internal Task ServedMoreAsync(int more)
    {
        int target = Served + more;
        return Eventually.TrueAsync(() => Task.FromResult(Served), n => n >= target, $"{more} more requests served");
    }

    /// <summary>Stops the clients (each finishes its request in flight).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
        _client.Dispose();
        _stop.Dispose();
    }
}
