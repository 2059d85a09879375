using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

using Oslo.Service.Wsgi.Tests.Support;

namespace Oslo.Service.Wsgi.Tests.Functional;

/// <summary>
/// #17 two-phase drain with the wsgi <see cref="Wsgi.Server"/> under a ProcessLauncher, real processes: with
/// <c>drain_delay = 2</c>, SIGTERM to the parent turns <c>/readyz</c> to 503 at once while requests are still served;
/// then the listener closes, a request in flight completes, and the family exits 0.
/// </summary>
public sealed class DrainDelayTests
{
    [Fact]
    public async Task DrainDelayTwo_Sigterm_ReadyzAt503AtOnce_StillServing_InFlightCompletes_ExitZero()
    {
        await using var child = await DrainChild.StartAsync(drainDelay: 2, workers: 2);
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(60) };
        string root = $"http://127.0.0.1:{child.Port}";
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, root + "/readyz")).StatusCode);

        var sinceSigterm = Stopwatch.StartNew();
        child.Signal(Signals.SIGTERM);

        HttpResponseMessage ready;
        do
        {
            ready = await GetAsync(http, root + "/readyz");
        }
        while (ready.StatusCode == HttpStatusCode.OK && sinceSigterm.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("draining", await ready.Content.ReadAsStringAsync());

        // Still serving after the 503 (which is how "at once" is shown without a clock a loaded machine would break):
        // one request in flight across the listener's close, and new ones until 1 s after SIGTERM (the workers'
        // 2 s count from when the parent's SIGTERM reaches them, later than ours).
        Task<HttpResponseMessage> inFlight = GetAsync(http, root + "/slow");
        int served = 0;
        while (sinceSigterm.Elapsed < TimeSpan.FromSeconds(1) || served == 0)
        {
            HttpResponseMessage response = await GetAsync(http, root + "/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            served++;
        }

        Assert.Equal("slow done", await (await inFlight).Content.ReadAsStringAsync());
        Assert.Equal(0, await child.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, child.Lines.Count(l => l.Contains("Draining: readiness reports 503, requests still served for drain_delay 2 s", StringComparison.Ordinal)));
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.ConnectionClose = true;
        return http.SendAsync(request);
    }

    /// <summary>The drain-server child in its own session; disposing kills its process group.</summary>
    private sealed class DrainChild : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        private DrainChild(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Port { get; private set; }

        public IReadOnlyCollection<string> Lines => _lines;

        public static async Task<DrainChild> StartAsync(double drainDelay, int workers)
        {
            var info = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in new[] { "dotnet", "exec", typeof(DrainChild).Assembly.Location, DrainServerChild.Verb,
                drainDelay.ToString(System.Globalization.CultureInfo.InvariantCulture), workers.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment.Remove("NOTIFY_SOCKET");
            var child = new DrainChild(Process.Start(info)!);
            string port = await child.WaitForLineAsync(l => l.StartsWith("port ", StringComparison.Ordinal));
            child.Port = int.Parse(port[5..], System.Globalization.CultureInfo.InvariantCulture);
            await child.WaitForLineAsync(l => l.Contains($"All {workers} workers ready", StringComparison.Ordinal));
            return child;
        }

        public void Signal(int signal) => Assert.Equal(0, Signals.Kill(_process.Id, signal));

        public async Task<int> WaitForExitAsync(TimeSpan deadline)
        {
            using var cts = new CancellationTokenSource(deadline);
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                Signals.Kill(-_process.Id, Signals.SIGKILL);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private async Task<string> WaitForLineAsync(Func<string, bool> match)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (_lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }

                if (_process.HasExited)
                {
                    break;
                }

                await Task.Delay(50);
            }

            throw new TimeoutException("no matching line; output:\n" + string.Join('\n', _lines));
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }
    }
}
