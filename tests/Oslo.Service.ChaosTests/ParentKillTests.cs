using System.Diagnostics;

using Oslo.Service.ChaosTests.Infrastructure;

using Xunit.Abstractions;

namespace Oslo.Service.ChaosTests;

/// <summary>
/// SIGKILL of HelloApi's parent under load: the parent gets no chance to clean up, yet every worker exits on its
/// own within a second, and nothing of the service is left: no orphan, no zombie.
/// </summary>
public sealed class ParentKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ParentSigkill_UnderLoad_EveryWorkerExitsWithin1s_NoOrphanNoZombie()
    {
        // This VM's pid 1 never reaps adopted orphans, so a worker that outlived its parent would stay a zombie of
        // init forever whatever it did. As a child subreaper, this test process adopts them instead (as systemd
        // or a container's init would), so it can see each one exit, reap it and read its exit status.
        Assert.Equal(0, Posix.Prctl(Posix.PrSetChildSubreaper, 1, 0, 0, 0));
        try
        {
            await using var hello = await HelloApi.StartAsync(workers: 4, greeting: "orphan?");
            var clock = Stopwatch.StartNew();
            await using var load = LoadGenerator.Start(hello.Port, connections: 16, clock, pause: TimeSpan.FromMilliseconds(2));
            await Poll.UntilAsync(() => load.Ok > 500, "load running", TimeSpan.FromSeconds(20));

            int[] workers = [.. hello.Process.LiveChildren()];
            Assert.Equal(4, workers.Length);
            int parent = hello.Pid;
            var sinceKill = Stopwatch.StartNew();
            Assert.Equal(0, Posix.Kill(parent, Posix.SigKill));

            // Every worker stops running within a second (exited: a zombie waiting for its new parent, or gone).
            while (workers.Any(ProcFs.IsAlive) && sinceKill.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(5);
            }

            TimeSpan allExited = sinceKill.Elapsed;
            await load.StopAsync();
            output.WriteLine($"parent {parent} SIGKILLed under load ({load.Ok} requests served); all {workers.Length} workers exited {allExited.TotalMilliseconds:F0} ms later");
            Assert.True(allExited < TimeSpan.FromSeconds(1), $"workers still running {allExited.TotalMilliseconds:F0} ms after the parent's SIGKILL: {string.Join(", ", workers.Where(ProcFs.IsAlive))}");

            // Adopted by us: reap each one; each exited by itself with status 1 ("Parent process has died
            // unexpectedly, exiting"), not by a signal.
            foreach (int worker in workers)
            {
                int reaped = -1;
                int status = 0;
                var deadline = Stopwatch.StartNew();
                while (deadline.Elapsed < TimeSpan.FromSeconds(5) && (reaped = Posix.WaitPid(worker, out status, Posix.WNoHang)) == 0)
                {
                    await Task.Delay(10);
                }

                Assert.True(reaped == worker, $"worker {worker} was not adopted by the subreaper (waitpid gave {reaped})");
                Assert.True((status & 0x7f) == 0, $"worker {worker} was killed by signal {status & 0x7f}");
                Assert.Equal(1, (status >> 8) & 0xff);
            }

            await hello.Process.WaitForLineAsync("Parent process has died unexpectedly, exiting", TimeSpan.FromSeconds(5));
            Assert.Equal(4, hello.Process.LinesWith("Parent process has died unexpectedly, exiting").Count);

            // Nothing of the service's session is left: no orphan, no zombie.
            Assert.DoesNotContain(ProcFs.Session(parent), p => p.Pid != parent);
        }
        finally
        {
            _ = Posix.Prctl(Posix.PrSetChildSubreaper, 0, 0, 0, 0);
        }
    }
}
