using System.Diagnostics;

using Oslo.Service.FunctionalTests.Infrastructure;

using Xunit;

namespace Oslo.Service.FunctionalTests.ProcessLauncher;

/// <summary>The parent's systemd watchdog pings follow the workers' heartbeats.</summary>
public sealed class WatchdogTests
{
    [Fact]
    public async Task Watchdog_WorkerHangs_PingsStopUntilItIsReplaced()
    {
        using var notify = new NotifySocketListener();
        // Pings every 0.5 s; heartbeats every second, so a worker is stale after 3 s and killed after 8 s.
        await using WorkerHostProcess host = await WorkerHostProcess.StartAsync(
            Conf.Of(workers: 2, processLauncher: "heartbeat_timeout = 8"),
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.NotifySocket, ["WATCHDOG_USEC"] = "1000000" });
        await notify.ReceiveUntilAsync("READY=1", WorkerHostProcess.Deadline);
        IReadOnlyDictionary<int, ReadyWorker> workers = await host.WaitForLiveWorkersAsync(2);

        var clock = Stopwatch.StartNew();
        var pings = new List<TimeSpan>();
        using var stop = new CancellationTokenSource();
        Task receiver = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                string message;
                try
                {
                    message = await notify.ReceiveAsync(TimeSpan.FromSeconds(1));
                }
                catch (TimeoutException)
                {
                    continue;
                }

                if (message == "WATCHDOG=1")
                {
                    lock (pings)
                    {
                        pings.Add(clock.Elapsed);
                    }
                }
            }
        });

        TimeSpan[] Pings()
        {
            lock (pings)
            {
                return [.. pings];
            }
        }

        try
        {
            await host.WaitForAsync(() => Pings().Length >= 3, "watchdog pings while every worker is healthy");
            int hung = workers[0].Pid;
            TimeSpan stoppedAt = clock.Elapsed;
            host.Signal(hung, Signals.SigStop);

            await host.WaitForLineAsync($"Child {hung} (worker 0) sent no heartbeat");
            TimeSpan killSeen = clock.Elapsed;
            await host.WaitForLineAsync($"Child {hung} killed by signal 9");
            await host.WaitForAsync(() => Pings().Any(t => t > killSeen), "watchdog pings again once the hung worker is gone");
            await host.WaitForLiveWorkersAsync(2, filter: w => w.Pid != hung);

            // Stale from at most 3 s after the stop (plus one ping interval) until the kill: no ping in between.
            TimeSpan quietFrom = stoppedAt + TimeSpan.FromSeconds(4);
            TimeSpan quietUntil = killSeen - TimeSpan.FromSeconds(1);
            Assert.True(quietUntil - quietFrom >= TimeSpan.FromSeconds(1.5), $"window {quietFrom}..{quietUntil}\n{host.Transcript}");
            Assert.DoesNotContain(Pings(), t => t > quietFrom && t < quietUntil);
            Assert.Contains(Pings(), t => t < stoppedAt);
        }
        finally
        {
            await stop.CancelAsync();
            await receiver.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
