using System.Text.RegularExpressions;

using Xunit;

namespace Oslo.Service.AspNetCore.Tests;

/// <summary>
/// <c>builder.UseOsloWorkers()</c> in real processes: the parent and its workers, real signals, real sockets
/// (HTTP, HTTPS with a certificate made here, a Unix socket), all from the app's appsettings.json.
/// </summary>
public sealed partial class WebWorkersTests : IDisposable
{
    private readonly string _certificate = TestApp.CreateCertificate();
    private readonly string _unix = TestApp.UnixSocketPath();

    public void Dispose()
    {
        File.Delete(_certificate);
        File.Delete(_unix);
    }

    [Fact]
    public async Task ThreeWorkers_EveryEndpointServesFromEveryWorker_AndEveryLogLineNamesItsProcess()
    {
        await using AppProcess app = await AppProcess.StartAsync(TestApp.Settings("one", 3, _certificate, _unix));
        int http = await TestApp.PortAsync(app, "http");
        int https = await TestApp.PortAsync(app, "https");
        await TestApp.AllReadyAsync(app, 3);

        foreach (Target target in new[] { Target.Http(http), Target.Https(https), Target.Unix(_unix) })
        {
            var seen = new HashSet<string>();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (seen.Count < 3)
            {
                deadline.Token.ThrowIfCancellationRequested();
                Response response = await HttpProbe.GetOnceAsync(target);
                Assert.Equal(200, response.Status);
                Assert.StartsWith("one worker=", response.Body, StringComparison.Ordinal);
                Assert.Contains("count=3", response.Body, StringComparison.Ordinal);
                seen.Add(WorkerPattern().Match(response.Body).Groups[1].Value);
            }

            Assert.Equal(["0", "1", "2"], seen.Order());
        }

        // The parent logs as "[parent pid P]", each worker as "[worker N pid P]" (the app's own lines included).
        Assert.Contains(app.Lines($"[parent pid {app.Pid}]"), line => line.Contains("Started child", StringComparison.Ordinal));
        Assert.Contains(app.Lines("[worker 2 pid "), line => line.Contains("Worker 2 of service", StringComparison.Ordinal));
        Assert.All(app.Lines("Microsoft.Hosting.Lifetime"), line => Assert.Matches(@"\[worker \d pid \d+\] ", line));
    }

    [Fact]
    public async Task SigkillOfAWorker_ReplacedUnderTheSameId()
    {
        await using AppProcess app = await AppProcess.StartAsync(TestApp.Settings("one", 3));
        int http = await TestApp.PortAsync(app, "http");
        await TestApp.AllReadyAsync(app, 3);
        int victim = int.Parse(ChildPattern().Match(await app.WaitForLineAsync("worker 1)")).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        int from = app.LineCount;

        AppProcess.Signal(victim, AppProcess.SigKill);

        await app.WaitForLineAsync($"Child {victim} killed by signal 9", from);
        string started = await app.WaitForLineAsync(line => line.Contains("Started child", StringComparison.Ordinal) && line.Contains("worker 1)", StringComparison.Ordinal), "respawn of worker 1", from);
        int replacement = int.Parse(ChildPattern().Match(started).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            deadline.Token.ThrowIfCancellationRequested();
            Response response = await HttpProbe.GetOnceAsync(Target.Http(http));
            if (response.Body.Contains($"pid={replacement}", StringComparison.Ordinal))
            {
                Assert.Contains("worker=1 ", response.Body, StringComparison.Ordinal);
                break;
            }
        }
    }

    [Fact]
    public async Task SighupUnderKeepAliveLoad_NoFailedRequest_AndTheNewAppsettingsValueServed()
    {
        await using AppProcess app = await AppProcess.StartAsync(TestApp.Settings("one", 3, _certificate));
        int http = await TestApp.PortAsync(app, "http");
        int https = await TestApp.PortAsync(app, "https");
        await TestApp.AllReadyAsync(app, 3);
        await using var httpLoad = new KeepAliveLoad(Target.Http(http), 8);
        await using var httpsLoad = new KeepAliveLoad(Target.Https(https), 8);
        await WaitForRequestsAsync(httpLoad, httpsLoad);
        await app.WriteSettingsAsync(TestApp.Settings("two", 3, _certificate));
        int[] old = [.. ChildPattern().Matches(app.Transcript).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
        int from = app.LineCount;

        app.Signal(AppProcess.SigHup);

        await app.WaitForLineAsync("Reload completed", from, TimeSpan.FromSeconds(120));
        // "Reload completed" comes when the last replacement is ready and its old worker has been told to stop: that
        // one may still answer its keep-alive connections for a moment while it drains them. Once every old worker
        // has exited, only "two".
        foreach (int pid in old)
        {
            await app.WaitForLineAsync($"Child {pid} exited", from);
        }

        long after = httpLoad.Ok + httpsLoad.Ok;
        await WaitForRequestsAsync(httpLoad, httpsLoad, after);
        await WaitForNewValueAsync(httpLoad, httpsLoad);
        await httpLoad.StopAsync();
        await httpsLoad.StopAsync();
        Assert.True(httpLoad.Failed + httpsLoad.Failed == 0, string.Join('\n', httpLoad.Errors.Concat(httpsLoad.Errors).Take(20)));
        Assert.StartsWith("two ", httpLoad.LastBody, StringComparison.Ordinal);
        Assert.StartsWith("two ", httpsLoad.LastBody, StringComparison.Ordinal);
        Assert.StartsWith("two ", (await HttpProbe.GetOnceAsync(Target.Http(http))).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SighupWithUnhealthyReplacements_ReloadAborted_OldValueStillServed_NoFailedRequest()
    {
        await using AppProcess app = await AppProcess.StartAsync(TestApp.Settings("one", 2, readyTimeoutSeconds: 8));
        int http = await TestApp.PortAsync(app, "http");
        await TestApp.AllReadyAsync(app, 2);
        await using var load = new KeepAliveLoad(Target.Http(http), 8);
        await WaitForRequestsAsync(load);
        await app.WriteSettingsAsync(TestApp.Settings("two", 2, health: "Unhealthy", readyTimeoutSeconds: 8));
        int from = app.LineCount;

        app.Signal(AppProcess.SigHup);

        await app.WaitForLineAsync("did not become ready", from, TimeSpan.FromSeconds(120));
        await WaitForRequestsAsync(load, load.Ok);
        await load.StopAsync();
        Assert.True(load.Failed == 0, string.Join('\n', load.Errors.Take(20)));
        Assert.All(load.Bodies, body => Assert.StartsWith("one ", body, StringComparison.Ordinal));
        Assert.StartsWith("one ", (await HttpProbe.GetOnceAsync(Target.Http(http))).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneWorker_SighupReplacesIt_NewConnectionsNeverHang()
    {
        await using AppProcess app = await AppProcess.StartAsync(TestApp.Settings("one", 1));
        int http = await TestApp.PortAsync(app, "http");
        await TestApp.AllReadyAsync(app, 1);
        await using var load = new KeepAliveLoad(Target.Http(http), 8);
        await WaitForRequestsAsync(load);
        await app.WriteSettingsAsync(TestApp.Settings("two", 1));
        int[] old = [.. ChildPattern().Matches(app.Transcript).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
        int from = app.LineCount;

        app.Signal(AppProcess.SigHup);

        await app.WaitForLineAsync("Reload completed", from, TimeSpan.FromSeconds(120));
        // As with 3 workers: the old worker has been told to stop, and may still take a connection it was accepting
        // then (with the old value) while it drains; once it has exited, every new connection is the replacement's.
        foreach (int pid in old)
        {
            await app.WaitForLineAsync($"Child {pid} exited", from);
        }

        await WaitForRequestsAsync(load, load.Ok);
        await load.StopAsync();
        Assert.True(load.Failed == 0, string.Join('\n', load.Errors.Take(20)));
        for (int i = 0; i < 5; i++)
        {
            // A new connection each time, each with its own 5 s deadline: none may hang.
            Response response = await HttpProbe.GetOnceAsync(Target.Http(http), timeout: TimeSpan.FromSeconds(5));
            Assert.StartsWith("two worker=0 ", response.Body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("EEXIST", app.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigtermWithAFiveSecondRequestInFlight_ItCompletes_ExitZero()
    {
        await using AppProcess app = await AppProcess.StartAsync(TestApp.Settings("one", 2));
        int http = await TestApp.PortAsync(app, "http");
        await TestApp.AllReadyAsync(app, 2);
        Task<Response> slow = HttpProbe.GetOnceAsync(Target.Http(http), "/slow", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));

        app.Signal(AppProcess.SigTerm);

        Assert.Equal("slow done\n", (await slow).Body);
        Assert.Equal(0, await app.WaitForExitAsync());
        Assert.Contains("Services stopped, exit status 0", app.Lines($"[parent pid {app.Pid}]").LastOrDefault() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndpointThatCannotBeBound_OneLineNamingIt_ExitOne_NoWorker()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var settings = TestApp.Settings("one", 2);
        settings.Remove("Kestrel");
        await using AppProcess app = await AppProcess.StartAsync(settings, null, "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, await app.WaitForExitAsync());

        string line = Assert.Single(app.Lines("Cannot start:"));
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("address already in use", line, StringComparison.Ordinal);
        Assert.Empty(app.Lines("Started child"));
    }

    [Fact]
    public async Task UrlsFromTheEnvironmentAndOsloWorkersFromTheEnvironment_AreUsed()
    {
        int port = FreePort();
        var environment = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}", ["Oslo__Workers"] = "2" };
        var settings = TestApp.Settings("one", 5);
        settings.Remove("Kestrel");
        await using AppProcess app = await AppProcess.StartAsync(settings, environment);
        await TestApp.AllReadyAsync(app, 2);

        Response response = await HttpProbe.GetOnceAsync(Target.Http(port));

        Assert.Contains("count=2", response.Body, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Waits until each load has answered 200 more requests than <paramref name="after"/> in total.</summary>
    /// <summary>
    /// #13: <c>IWorkerInfo.WorkerCount</c> was each worker's own <c>Oslo:Workers</c>: SIGTTIN/SIGTTOU did not change
    /// it, and after a reload with a new appsettings value the new workers claimed a count the parent did not run.
    /// </summary>
    [Fact]
    public async Task WorkerCount_FollowsTtinAndTtou_AndAReloadKeepsTheParentsCount()
    {
        await using AppProcess app = await AppProcess.StartAsync(TestApp.Settings("one", 2));
        int http = await TestApp.PortAsync(app, "http");
        await TestApp.AllReadyAsync(app, 2);
        int from = app.LineCount;

        app.Signal(SigTtin);
        await app.WaitForLineAsync("now runs 3 workers", from);
        await EveryWorkerSaysAsync(http, ["0", "1", "2"], "count=3");

        from = app.LineCount;
        app.Signal(SigTtou);
        await app.WaitForLineAsync("now runs 2 workers", from);
        await EveryWorkerSaysAsync(http, ["0", "1"], "count=2");

        // A reload reads Oslo:Workers = 5 in the new workers, but the parent still runs 2: they say 2.
        await app.WriteSettingsAsync(TestApp.Settings("two", 5));
        from = app.LineCount;
        app.Signal(AppProcess.SigHup);
        await app.WaitForLineAsync("Reload completed", from, TimeSpan.FromSeconds(120));
        await EveryWorkerSaysAsync(http, ["0", "1"], "two ", "count=2");
    }

    private const int SigTtin = 21;
    private const int SigTtou = 22;

    /// <summary>Requests until each of <paramref name="workers"/> has answered with a body containing every one of <paramref name="expected"/>.</summary>
    private static async Task EveryWorkerSaysAsync(int port, string[] workers, params string[] expected)
    {
        var seen = new HashSet<string>();
        var last = new Dictionary<string, string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!workers.All(seen.Contains))
        {
            Assert.False(deadline.IsCancellationRequested, "Not every worker answered as expected; last answers:\n" + string.Join('\n', last.Values));
            Response response = await HttpProbe.GetOnceAsync(Target.Http(port));
            string worker = WorkerPattern().Match(response.Body).Groups[1].Value;
            last[worker] = response.Body;
            if (expected.All(e => response.Body.Contains(e, StringComparison.Ordinal)))
            {
                seen.Add(worker);
            }
        }
    }

    private static async Task WaitForRequestsAsync(KeepAliveLoad load, long after = 0) => await WaitForRequestsAsync([load], after);

    private static async Task WaitForRequestsAsync(KeepAliveLoad first, KeepAliveLoad second, long after = 0) => await WaitForRequestsAsync([first, second], after);

    private static async Task WaitForRequestsAsync(KeepAliveLoad[] loads, long after)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (loads.Sum(load => load.Ok) < after + 200 * loads.Length || loads.Any(load => load.Ok == 0))
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    private static async Task WaitForNewValueAsync(params KeepAliveLoad[] loads)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!loads.All(load => load.LastBody?.StartsWith("two ", StringComparison.Ordinal) == true))
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    [GeneratedRegex(@"worker=(\d+)")]
    private static partial Regex WorkerPattern();

    [GeneratedRegex(@"Started child (\d+)")]
    private static partial Regex ChildPattern();
}
