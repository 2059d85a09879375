using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

using Oslo.Service.FunctionalTests.Infrastructure;

using Xunit;

namespace Oslo.Service.FunctionalTests.ProcessLauncher;

/// <summary>systemd messages from the parent, listening sockets shared by workers, and a Generic Host app as workers.</summary>
public sealed class SystemdAndSocketTests
{
    [Fact]
    public async Task Systemd_ReadyAfterAllWorkers_ReloadingThenReady_Stopping()
    {
        using var notify = new NotifySocketListener();
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 2), new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.NotifySocket });

        List<string> startup = await notify.ReceiveUntilAsync("READY=1", WorkerHostProcess.Deadline);
        Assert.Equal(2, host.ReadyWorkers().Count);
        string status = await notify.ReceiveAsync();
        Assert.Equal("STATUS=2 workers ready", status);

        host.Signal(Posix.SigHup);
        string reloading = await notify.ReceiveAsync();
        Assert.StartsWith("RELOADING=1\nMONOTONIC_USEC=", reloading, StringComparison.Ordinal);
        List<string> reloaded = await notify.ReceiveUntilAsync("READY=1", WorkerHostProcess.Deadline);
        Assert.Equal(4, host.ReadyWorkers().Count);

        host.Signal(Posix.SigTerm);
        List<string> stopping = await notify.ReceiveUntilAsync("STOPPING=1");
        Assert.Equal(0, await host.WaitForExitAsync());
        Assert.DoesNotContain(startup.Concat(reloaded), m => m.Contains("WATCHDOG", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InheritedSocket_WorkersKilledOneByOne_EveryConnectionAnswered()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 3), new Dictionary<string, string> { ["WORKERHOST_KIND"] = "tcp" });
        string bound = await host.WaitForLineAsync("parent-bound port=");
        int port = int.Parse(Regex.Match(bound, @"port=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(3);
        Assert.Single(host.Lines, l => l.StartsWith("parent-bound", StringComparison.Ordinal));

        using var stop = new CancellationTokenSource();
        var answeredBy = new HashSet<int>();
        int answered = 0;
        int refused = 0;
        int otherFailures = 0;
        Task client = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    using var answer = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), answer.Token);
                    byte[] buffer = new byte[32];
                    int read = await socket.ReceiveAsync(buffer, SocketFlags.None, answer.Token);
                    if (read > 0 && int.TryParse(Encoding.ASCII.GetString(buffer, 0, read).Trim(), CultureInfo.InvariantCulture, out int pid))
                    {
                        lock (answeredBy)
                        {
                            answeredBy.Add(pid);
                        }

                        Interlocked.Increment(ref answered);
                    }
                    else
                    {
                        Interlocked.Increment(ref otherFailures);
                    }
                }
                catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (Exception exception) when (exception is SocketException or OperationCanceledException)
                {
                    Interlocked.Increment(ref otherFailures);
                }
            }
        });

        try
        {
            foreach (int id in new[] { 0, 1, 2 })
            {
                int victim = host.ReadyWorkers().Last(w => w.WorkerId == id).Pid;
                int before = Volatile.Read(ref answered);
                host.Signal(victim, Posix.SigKill);
                await host.WaitForLineAsync($"Child {victim} killed by signal 9");
                await host.WaitForLiveWorkersAsync(3, filter: w => w.Pid != victim);
                await host.WaitForAsync(() => Volatile.Read(ref answered) > before + 5, "answers after the respawn");
            }
        }
        finally
        {
            await stop.CancelAsync();
            await client.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(0, refused);
        // A connection accepted by a worker at the instant it is SIGKILLed is lost with it; nothing else may fail.
        Assert.InRange(otherFailures, 0, 3);
        Assert.True(answered > 20, $"answered {answered}");
        Assert.True(answeredBy.Count >= 4, $"answers came from {answeredBy.Count} pids");
        Assert.DoesNotContain(answeredBy, pid => pid == host.Pid);
    }

    [Fact]
    public async Task SocketActivation_ActivatedSocketUsedByEveryWorker()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        int fd = (int)listener.SafeHandle.DangerousGetHandle();
        Fcntl.ClearCloseOnExec(fd);

        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 2), new Dictionary<string, string> { ["WORKERHOST_KIND"] = "tcp" }, activatedSocket: (fd, "workerhost-tcp"));
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(2);

        var answeredBy = new HashSet<int>();
        for (int i = 0; i < 20; i++)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var answer = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), answer.Token);
            byte[] buffer = new byte[32];
            int read = await client.ReceiveAsync(buffer, SocketFlags.None, answer.Token);
            answeredBy.Add(int.Parse(Encoding.ASCII.GetString(buffer, 0, read).Trim(), CultureInfo.InvariantCulture));
        }

        Assert.DoesNotContain("parent-bound", host.Transcript, StringComparison.Ordinal);
        Assert.NotEmpty(answeredBy);
        Assert.Subset(workers.Values.Select(w => w.Pid).ToHashSet(), answeredBy);
    }

    [Fact]
    public async Task GenericHostApp_WorkersShareOnePort_ZeroDowntimeSighupReload()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 2, greeting: "before"), new Dictionary<string, string> { ["WORKERHOST_KIND"] = "kestrel" });
        string bound = await host.WaitForLineAsync("parent-bound port=");
        int port = int.Parse(Regex.Match(bound, @"port=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        IReadOnlyDictionary<int, ReadyWorker> before = await host.WaitForLiveWorkersAsync(2);
        await host.WaitForLineAsync("All 2 workers ready");

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        http.DefaultRequestHeaders.ConnectionClose = true;
        using var stop = new CancellationTokenSource();
        var bodies = new List<string>();
        int failures = 0;
        Task client = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    string body = await http.GetStringAsync(new Uri("/", UriKind.Relative));
                    lock (bodies)
                    {
                        bodies.Add(body);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        try
        {
            await host.WaitForAsync(() => { lock (bodies) { return bodies.Count > 5; } }, "answers before the reload");
            File.WriteAllText(host.ConfigFile, Conf.Of(workers: 2, greeting: "after"));
            host.Signal(Posix.SigHup);
            await host.WaitForLineAsync("Reload completed (restart method reload)");
            Assert.True(await WorkerHostProcess.AllGoneWithinAsync(before.Values.Select(w => w.Pid), TimeSpan.FromSeconds(15)), host.Transcript);
            await host.WaitForAsync(() => { lock (bodies) { return bodies.Any(b => b.Contains("greeting=after", StringComparison.Ordinal)); } }, "answers from the new workers");
        }
        finally
        {
            await stop.CancelAsync();
            await client.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(0, failures);
        lock (bodies)
        {
            Assert.Contains(bodies, b => b.Contains("greeting=before", StringComparison.Ordinal));
            Assert.True(bodies.Select(b => b.Split(' ')[0]).Distinct().Count() >= 3, string.Join('\n', bodies.Distinct()));
        }
    }

    /// <summary>
    /// #13: the hand-written path — <c>Launcher.Launch(conf, Func&lt;IHost&gt;, workers: 1)</c>, Kestrel on the handle
    /// of a socket bound through <c>InheritedSockets.BindOrInherit</c> — survived a SIGHUP only in the log: the second
    /// Host's listener failed with EEXIST (the first Host's descriptor stayed registered in this process's epoll) and
    /// every new connection hung from then on.
    /// </summary>
    [Fact]
    public async Task GenericHostFactory_OneWorker_SighupReload_NewConnectionsServedByTheNewHost()
    {
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 1, greeting: "before"), new Dictionary<string, string> { ["WORKERHOST_KIND"] = "kestrel" });
        string bound = await host.WaitForLineAsync("parent-bound port=");
        int port = int.Parse(Regex.Match(bound, @"port=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        await host.WaitForLineAsync("worker-ready");

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        http.DefaultRequestHeaders.ConnectionClose = true;
        Assert.Contains("greeting=before", await http.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);

        File.WriteAllText(host.ConfigFile, Conf.Of(workers: 1, greeting: "after"));
        host.Signal(Posix.SigHup);
        await host.WaitForLineAsync("Reload completed (restart method reload)");

        // Every new connection after the reload is answered within the client's 10 s, soon by the new Host only.
        var bodies = new List<string>();
        using var deadline = new CancellationTokenSource(WorkerHostProcess.Deadline);
        while (bodies.Count < 5 || !bodies.TakeLast(5).All(b => b.Contains("greeting=after", StringComparison.Ordinal)))
        {
            Assert.False(deadline.IsCancellationRequested, "Not only the new Host answers:\n" + string.Join('\n', bodies) + "\n" + host.Transcript);
            bodies.Add(await http.GetStringAsync(new Uri("/", UriKind.Relative)));
        }

        Assert.DoesNotContain(host.Lines, line => line.Contains("EEXIST", StringComparison.Ordinal) || line.Contains("failed to accept", StringComparison.Ordinal));
        host.Signal(Posix.SigTerm);
        Assert.Equal(0, await host.WaitForExitAsync());
    }
}
