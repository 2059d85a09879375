using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

using Xunit;

namespace Oslo.Service.AspNetCore.Tests;

/// <summary>
/// #17 two-phase drain with <c>UseOsloWorkers</c>, real processes: with <c>Oslo:DrainDelay = 2</c>, SIGTERM to the
/// parent turns the app's mapped health checks to 503 at once while its other endpoints keep serving; then the
/// listener closes, a request in flight completes, and the family exits 0.
/// </summary>
public sealed partial class DrainDelayTests
{
    [Fact]
    public async Task DrainDelayTwo_Sigterm_HealthAt503AtOnce_StillServing_InFlightCompletes_ExitZero()
    {
        await using AppProcess app = await AppProcess.StartAsync(TestApp.Settings("drain", 2), null, "--Oslo:DrainDelay=2");
        int port = await TestApp.PortAsync(app, "http");
        await TestApp.AllReadyAsync(app, 2);
        Target target = Target.Http(port);
        Assert.Equal(200, (await HttpProbe.GetOnceAsync(target, "/healthz")).Status);

        var sinceSigterm = Stopwatch.StartNew();
        app.Signal(AppProcess.SigTerm);

        // Readiness first: every probe is answered (the listener is open) until one says 503.
        Response health;
        do
        {
            health = await HttpProbe.GetOnceAsync(target, "/healthz");
        }
        while (health.Status == 200 && sinceSigterm.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(503, health.Status);
        Assert.Contains("Unhealthy", health.Body, StringComparison.Ordinal);
        // "At once" is proven by what follows rather than by a clock (a loaded machine may be slow to deliver the
        // signals): the 503 came while the listener was open, since requests after it are still served.
        // A request that will be in flight when the listener closes, and new ones meanwhile. The workers' delay starts when they get the parent's SIGTERM, so at least 2 s after ours; new requests stop
        // 1 s before that, so a loaded machine's slow accept cannot make one miss the listener.
        Task<Response> inFlight = HttpProbe.GetOnceAsync(target, "/slow", TimeSpan.FromSeconds(60));
        int served = 0;
        while (sinceSigterm.Elapsed < TimeSpan.FromSeconds(1) || served == 0)
        {
            Response response = await HttpProbe.GetOnceAsync(target, "/");
            Assert.Equal(200, response.Status);
            Assert.StartsWith("drain worker=", response.Body, StringComparison.Ordinal);
            served++;
        }

        Assert.Equal("slow done\n", (await inFlight).Body);
        Assert.Equal(0, await app.WaitForExitAsync());
        Assert.Equal(2, app.Lines("Draining: readiness reports 503, requests still served for drain_delay 2 s").Count);
        Assert.Contains("Services stopped, exit status 0", app.Lines($"[parent pid {app.Pid}]").LastOrDefault() ?? "", StringComparison.Ordinal);
    }

    /// <summary>
    /// A worker a SIGHUP retires drains as one SIGTERM stops: once its replacement is ready and it is told to stop,
    /// its readiness answers 503 while it still serves requests, for drain_delay, then it exits 0; keep-alive load
    /// sees no failed request all along.
    /// </summary>
    [Fact]
    public async Task DrainDelayTwo_SighupRetiresTheWorkers_EachOldOneAt503WhileStillServing_ExitsAfterTheDelay_NoFailedRequest()
    {
        // Each line carries the time its process logged it, so the drain is timed by the parent's clock (below).
        await using AppProcess app = await AppProcess.StartAsync(TestApp.Settings("retire", 2), null, "--Oslo:DrainDelay=2", $"--Logging:Console:FormatterOptions:TimestampFormat={LogTimestampFormat} ");
        int port = await TestApp.PortAsync(app, "http");
        await TestApp.AllReadyAsync(app, 2);
        int[] old = [.. StartedChild().Matches(app.Transcript).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        Assert.Equal(2, old.Length);
        Target target = Target.Http(port);
        await using var load = new KeepAliveLoad(target, 4);
        int from = app.LineCount;

        app.Signal(AppProcess.SigHup);

        // The parent's lines, watched on their own every 20 ms: when each old worker was told to stop, and when it exited.
        var clock = Stopwatch.StartNew();
        var stopping = new System.Collections.Concurrent.ConcurrentDictionary<int, TimeSpan>();
        var exited = new System.Collections.Concurrent.ConcurrentDictionary<int, TimeSpan>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        Task watcher = Task.Run(async () =>
        {
            while (exited.Count < old.Length && !deadline.IsCancellationRequested)
            {
                foreach (int pid in old)
                {
                    if (!stopping.ContainsKey(pid) && app.Lines($"ready, stopping {pid}", from).Count > 0)
                    {
                        stopping[pid] = clock.Elapsed;
                    }

                    if (!exited.ContainsKey(pid) && app.Lines($"Child {pid} exited with status 0", from).Count > 0)
                    {
                        exited[pid] = clock.Elapsed;
                    }
                }

                await Task.Delay(20, CancellationToken.None);
            }
        });

        // Every process answers on the shared listener: new connections, alternating readiness and the app, record
        // which pid said what and when, until both old workers have exited.
        var seen = new List<(TimeSpan At, string Path, int Pid, int Status)>();
        while (exited.Count < old.Length)
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"The old workers {string.Join(", ", old)} did not both exit within 120 s. Transcript:\n{app.Transcript}");
            }

            foreach (string path in new[] { "/readyz", "/" })
            {
                Response response = await HttpProbe.GetOnceAsync(target, path);
                Match pid = PidPattern().Match(response.Body);
                Assert.True(pid.Success, $"{path}: {response.Status} {response.Body}");
                seen.Add((clock.Elapsed, path, int.Parse(pid.Groups[1].Value, CultureInfo.InvariantCulture), response.Status));
            }
        }

        await watcher;
        await load.StopAsync();
        string Transcript() => string.Join('\n', seen.Select(s => $"{s.At.TotalSeconds:F2}s {s.Path} pid={s.Pid} {s.Status}"))
            + "\n" + string.Join('\n', load.Errors.Take(20)) + "\n" + app.Transcript;
        Assert.True(load.Failed == 0, Transcript());
        foreach (int pid in old)
        {
            // 503 from its readiness, and a request still served by it after that.
            int first503 = seen.FindIndex(s => s.Pid == pid && s.Path == "/readyz" && s.Status == 503);
            Assert.True(first503 >= 0, $"no 503 from pid {pid}\n{Transcript()}");
            Assert.True(seen.Skip(first503 + 1).Any(s => s.Pid == pid && s.Path == "/" && s.Status == 200), $"pid {pid} served nothing after its 503\n{Transcript()}");
            // Never 503 before it was told to stop (a second of slack: the 503 is timed when its answer came back).
            Assert.All(seen.Where(s => s.Pid == pid && s.Status != 200), s => Assert.True(s.At >= stopping[pid] - TimeSpan.FromSeconds(1), Transcript()));
            // It exits after drain_delay, by the times the parent logged "stopping" and "exited" at: polling for its
            // lines (as stopping[] and exited[] do) can be held up on a loaded machine and see the first one late.
            TimeSpan toldToStop = LoggedAt(app.Lines($"ready, stopping {pid}", from)[0]);
            TimeSpan exitedAt = LoggedAt(app.Lines($"Child {pid} exited with status 0", from)[0]);
            TimeSpan drained = exitedAt >= toldToStop ? exitedAt - toldToStop : exitedAt + TimeSpan.FromDays(1) - toldToStop;
            Assert.True(drained >= TimeSpan.FromSeconds(1.9), $"pid {pid} told to stop at {toldToStop}, exited at {exitedAt} (parent's clock)\n{Transcript()}");
        }

        Assert.True(!seen.Any(s => s.Status != 200 && !old.Contains(s.Pid)), Transcript());
        // Each old worker said so itself (its lines are "[worker N pid P] …").
        Assert.All(old, pid => Assert.True(
            app.Lines($"pid {pid}]", from).Any(line => line.Contains("Draining: readiness reports 503, requests still served for drain_delay 2 s", StringComparison.Ordinal)),
            $"no drain line from pid {pid}\n{Transcript()}"));
    }

    private const string LogTimestampFormat = "HH:mm:ss.fff";

    /// <summary>The time of day a line was logged at (its <see cref="LogTimestampFormat"/> prefix).</summary>
    private static TimeSpan LoggedAt(string line)
    {
        Match logged = LoggedTime().Match(line);
        Assert.True(logged.Success, $"no timestamp in: {line}");
        return TimeSpan.ParseExact(logged.Groups[1].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(\d{2}:\d{2}:\d{2}\.\d{3})")]
    private static partial Regex LoggedTime();

    [GeneratedRegex(@"Started child (\d+)")]
    private static partial Regex StartedChild();

    [GeneratedRegex(@"pid=(\d+)")]
    private static partial Regex PidPattern();
}
