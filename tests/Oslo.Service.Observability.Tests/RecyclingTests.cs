using System.Diagnostics;
using System.Globalization;

using Xunit;
using Xunit.Abstractions;

namespace Oslo.Service.Observability.Tests;

/// <summary>
/// #17 recycling with real processes: every recycle goes through the readiness-gated rolling path, so keep-alive
/// load sees no failed request and the family never has fewer ready workers than configured.
/// </summary>
public sealed class RecyclingTests(ITestOutputHelper output)
{
    // The acceptance run: 60 s of keep-alive load with max_requests = 2000 (+ jitter) on 2 workers. The test
    // takes about 75 s with the start and the last recycle.
    private static readonly TimeSpan s_loadFor = TimeSpan.FromSeconds(60);

    // How often the parent's gauge of ready workers is read: a replacement is ready some hundreds of milliseconds
    // before its predecessor is told to stop, so a dip below 2 would last at least that long.
    private static readonly TimeSpan s_sampleEvery = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task MaxRequests2000_SixtySecondsOfKeepAliveLoadOnTwoWorkers_EveryWorkerRecycled_NoFailedRequest_NeverFewerThanTwoReady()
    {
        await using HelloApiFamily hello = await HelloApiFamily.StartAsync(2, """
            [process_launcher]
            max_requests = 2000
            max_requests_jitter = 200
            """);
        int[] original = [.. (await Ctl.StatusAsync(hello.Socket)).Select(w => w.Pid)];

        // The parent's own gauge of ready workers (oslo.service.worker.count{state="ready"} on its /metrics), read all
        // along (a replacement counts as ready once it reported ready, before the worker it replaces is told to stop).
        using var watching = new CancellationTokenSource();
        var samples = new List<(TimeSpan At, int Ready)>();
        var elapsed = Stopwatch.StartNew();
        Task watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                double ready = await hello.SumAsync("oslo_service_worker_count", "oslo_worker_state=\"ready\"");
                lock (samples)
                {
                    samples.Add((elapsed.Elapsed, (int)ready));
                }

                await Task.Delay(s_sampleEvery, CancellationToken.None);
            }
        });

        KeepAliveLoad load = new(hello.Port, clients: 4);
        await using (load)
        {
            await Eventually.TrueAsync(
                () => Task.FromResult(hello.Process.Transcript),
                log => elapsed.Elapsed >= s_loadFor && original.All(pid =>
                    log.Contains($"(pid {pid}): max_requests: served", StringComparison.Ordinal) && log.Contains($"stopping {pid}", StringComparison.Ordinal)),
                "every original worker recycled for max_requests (its replacement ready), and the load run for its time",
                deadline: s_loadFor + TimeSpan.FromSeconds(90));
        }

        TimeSpan loadedFor = elapsed.Elapsed;
        await watching.CancelAsync();
        await watcher;
        string Transcript()
        {
            lock (samples)
            {
                return $"{load.Served} served, {load.Failed} failed over {loadedFor.TotalSeconds:F0} s; ready workers at each scrape: "
                    + string.Join(' ', samples.Select(s => $"{s.At.TotalSeconds:F1}s={s.Ready}")) + "\n" + hello.Process.Transcript;
            }
        }

        Assert.True(load.Failed == 0, Transcript());
        Assert.True(load.Served > 2 * 2000, Transcript());
        // At least one scrape a second on average (each is an HTTP request to the parent on a loaded machine).
        Assert.True(samples.Count > loadedFor.TotalSeconds, Transcript());
        Assert.True(samples.All(s => s.Ready >= 2), Transcript());
        await Eventually.TrueAsync(() => hello.SumAsync("oslo_service_worker_restarts_total", "oslo_restart_reason=\"recycle\""), n => n >= 2, "the recycles counted");

        var status = await hello.WaitForReadyAsync(2);
        Assert.DoesNotContain(status, w => original.Contains(w.Pid));
        int recycles = hello.Process.Transcript.Split('\n').Count(line => line.Contains("): max_requests: served", StringComparison.Ordinal));
        output.WriteLine($"{load.Served} served, {load.Failed} failed in {loadedFor.TotalSeconds:F1} s; {recycles} recycles; "
            + $"{samples.Count} scrapes of the ready gauge, fewest ready {samples.Min(s => s.Ready)}");
    }

    [Fact]
    public async Task MaxWorkerMemory_LeakingWorker_RecycledOnlyOnceOverTheLimitForTheWindow_NoFailedRequest()
    {
        const int windowSeconds = 4;
        await using LeakyFamily leaky = await LeakyFamily.StartAsync($"""
            [process_launcher]
            max_worker_memory_mb = 150
            max_worker_memory_window = {windowSeconds}
            """, ballastMb: 0);
        KeepAliveLoad load = new(leaky.Port, clients: 2);
        int leakedPid;
        await using (load)
        {
            await load.ServedMoreAsync(20);
            using var leakClient = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            string[] answer = (await leakClient.GetStringAsync(new Uri($"http://127.0.0.1:{leaky.Port}/leak?mb=160"))).Split(' ');
            var sinceOver = Stopwatch.StartNew();
            int pid = int.Parse(answer[0], CultureInfo.InvariantCulture);
            leakedPid = pid;
            Assert.True(int.Parse(answer[1], CultureInfo.InvariantCulture) > 150, $"RSS {answer[1]} MiB after the leak");

            await leaky.Process.WaitForLineAsync($"(pid {pid}): max_worker_memory_mb: RSS");
            TimeSpan recycledAfter = sinceOver.Elapsed;
            await leaky.Process.WaitForLineAsync($"stopping {pid}");
            await leaky.Process.WaitForLineAsync($"Child {pid} exited with status 0");
            await load.ServedMoreAsync(50);

            // The worker was over the limit from before the answer: the window is a lower bound (half a second for
            // the answer's trip back).
            Assert.True(recycledAfter >= TimeSpan.FromSeconds(windowSeconds - 0.5), $"recycled {recycledAfter.TotalSeconds:F1} s after the leak");
        }

        Assert.Equal(0, load.Failed);
        // Only the leaking worker was recycled (the other one, and the replacement, stay under the limit).
        string[] recycles = [.. leaky.Process.Transcript.Split('\n').Where(line => line.Contains("Recycling worker", StringComparison.Ordinal))];
        Assert.True(recycles.Length > 0 && recycles.All(line => line.Contains($"(pid {leakedPid})", StringComparison.Ordinal)), leaky.Process.Transcript);
    }

    [Fact]
    public async Task MaxWorkerMemory_WorkersOverTheLimitAtBoot_WarnedOnce_NotRecycledInALoop()
    {
        await using LeakyFamily leaky = await LeakyFamily.StartAsync("""
            [process_launcher]
            max_worker_memory_mb = 100
            max_worker_memory_window = 1
            """, ballastMb: 120);
        await Eventually.TrueAsync(
            () => Task.FromResult(leaky.Process.Transcript.Split('\n').Count(line => line.Contains("at its first sample, over max_worker_memory_mb = 100", StringComparison.Ordinal))),
            count => count == 2, "a warning for each worker");

        // Absence can only be seen over time: ten windows, each sampled every second, under load.
        KeepAliveLoad load = new(leaky.Port, clients: 2);
        await using (load)
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(0, load.Failed);
        Assert.True(load.Served > 0);
        Assert.DoesNotContain("Recycling worker", leaky.Process.Transcript, StringComparison.Ordinal);
        Assert.Equal(2, leaky.Process.Transcript.Split('\n').Count(line => line.Contains("at its first sample", StringComparison.Ordinal)));
    }

    /// <summary>The busy host's leak mode: 2 workers behind a wsgi server, each holding <c>ballastMb</c> from its start.</summary>
    private sealed class LeakyFamily : IAsyncDisposable
    {
        private readonly DirectoryInfo _directory;

        private LeakyFamily(DirectoryInfo directory, ChildProcess process, int port)
        {
            _directory = directory;
            Process = process;
            Port = port;
        }

        internal ChildProcess Process { get; }

        internal int Port { get; }

        internal static async Task<LeakyFamily> StartAsync(string extraConf, int ballastMb)
        {
            DirectoryInfo directory = Directory.CreateTempSubdirectory("oslo-obs-leak-");
            int port = Paths.FreePort();
            string conf = Path.Combine(directory.FullName, "leak.conf");
            File.WriteAllText(conf, $"""
                [DEFAULT]
                graceful_shutdown_timeout = 30

                [busy]
                mode = leak
                port = {port}
                workers = 2
                boot_ballast_mb = {ballastMb}

                {extraConf}
                """);
            var family = new LeakyFamily(directory, ChildProcess.StartDotnet(Paths.BusyHost, ["--config-file", conf]), port);
            await family.Process.WaitForLineAsync("All 2 workers ready");
            return family;
        }

        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            _directory.Delete(recursive: true);
        }
    }
}
