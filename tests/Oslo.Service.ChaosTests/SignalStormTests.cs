using System.Diagnostics;

using Oslo.Service.ChaosTests.Infrastructure;

using Xunit.Abstractions;

namespace Oslo.Service.ChaosTests;

/// <summary>
/// Signals at odd moments, sent to HelloApi's parent (2 workers) under load: a burst of SIGHUPs, SIGHUP during a
/// graceful stop, SIGTERM during a rolling reload. Each ends in the documented state (docs/operations.md, "Signals
/// at odd moments"), every time.
/// </summary>
public sealed class SignalStormTests(ITestOutputHelper output)
{
    private const string ParentSigterm = "Caught SIGTERM, stopping services gracefully (graceful_shutdown_timeout 30 s";

    [Fact]
    public async Task HundredSighupsInOneSecond_UnderLoad_ReloadsCoalesce_NewGreetingOnTwoWorkers_NoFailedRequest()
    {
        await using var hello = await HelloApi.StartAsync(workers: 2, greeting: "calm");
        await using var load = LoadGenerator.Start(hello.Port, connections: 8);

        hello.SetGreeting("storm");
        int skip = hello.Process.Lines.Count;
        var storm = Stopwatch.StartNew();
        for (int i = 0; i < 100; i++)
        {
            // 100 SIGHUPs spread over one second.
            while (storm.Elapsed < TimeSpan.FromMilliseconds(10 * i))
            {
                await Task.Delay(1);
            }

            hello.Process.Signal(Posix.SigHup);
        }

        TimeSpan stormTook = storm.Elapsed;
        // Settled: the reloads are over (one completed after the storm ended), and two workers run.
        int reloadLines = -1;
        var quiet = Stopwatch.StartNew();
        await Poll.UntilAsync(
            () =>
            {
                int now = hello.Process.Lines.Skip(skip).Count(l => l.Contains("SIGHUP", StringComparison.Ordinal) || l.Contains("Reload", StringComparison.Ordinal) || l.Contains("replacement", StringComparison.Ordinal));
                if (now != reloadLines)
                {
                    reloadLines = now;
                    quiet.Restart();
                }

                return hello.Process.LinesWith("Reload completed", skip).Count >= 1 && hello.Process.LiveChildren().Count == 2 && quiet.Elapsed > TimeSpan.FromSeconds(1.5);
            },
            "reloads over (no reload line for 1.5 s), two workers", TimeSpan.FromSeconds(60));
        await load.StopAsync();

        int begun = hello.Process.LinesWith("Caught SIGHUP, handling", skip).Count;
        int completed = hello.Process.LinesWith("Reload completed", skip).Count;
        int queued = hello.Process.LinesWith("one more reload queued", skip).Count;
        output.WriteLine($"100 SIGHUPs in {stormTook.TotalMilliseconds:F0} ms → {begun} reloads begun, {completed} completed ({queued} queued during a reload), {load.Ok} requests, {load.FailedCount} failed");
        output.WriteLine(string.Join('\n', hello.Process.Lines.Skip(skip).Where(l => l.Contains("SIGHUP", StringComparison.Ordinal) || l.Contains("Reload", StringComparison.Ordinal) || l.Contains("Replacing", StringComparison.Ordinal))));
        // The first SIGHUP starts a reload; the others, arriving during a reload, only queue one more each time:
        // a handful of reloads, not 100. (Counted from the log, which parent and workers share, hence ranges.)
        Assert.InRange(begun, 2, 20);
        Assert.InRange(completed, 2, 20);
        Assert.InRange(queued, 1, 20);

        // End state: two workers, ids 0 and 1, the ones the last reload started, all saying the new greeting.
        IReadOnlyList<int> live = hello.Process.LiveChildren();
        var current = hello.Process.StartedChildren().GroupBy(s => s.WorkerId).ToDictionary(g => g.Key, g => g.Last().Pid);
        Assert.Equal([0, 1], current.Keys.Order());
        Assert.Equal(current.Values.Order(), live.Order());
        Assert.Empty(hello.Process.ZombieChildren());
        Assert.Contains(load.Bodies, b => b.StartsWith("storm from pid", StringComparison.Ordinal));
        for (int i = 0; i < 10; i++)
        {
            Assert.StartsWith("storm from pid", (await hello.GetAsync()).Body, StringComparison.Ordinal);
        }

        // Rolling, readiness-gated reloads: not one request failed through the whole storm.
        Assert.True(load.FailedCount == 0, $"{load.FailedCount} failed: {string.Join("; ", load.Failures.Take(5).Select(f => f.Why))}");

        hello.Process.Signal(Posix.SigTerm);
        Assert.Equal(0, await hello.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(ProcFs.Session(hello.Pid), p => p.Pid != hello.Pid);
    }

    [Fact]
    public async Task SighupDuringGracefulStop_UnderLoad_Ignored_ExitZero_NothingLeft()
    {
        await using var hello = await HelloApi.StartAsync(workers: 2, greeting: "leaving");
        await using var load = LoadGenerator.Start(hello.Port, connections: 8);
        await Poll.UntilAsync(() => load.Ok > 200, "load running", TimeSpan.FromSeconds(20));

        hello.SetGreeting("never");
        int skip = hello.Process.Lines.Count;
        hello.Process.Signal(Posix.SigTerm);
        await hello.Process.WaitForLineAsync(ParentSigterm, TimeSpan.FromSeconds(10), skip);
        int sent = 0;
        for (int i = 0; i < 5 && Posix.Kill(hello.Pid, Posix.SigHup) == 0; i++)
        {
            sent++;
        }

        int status = await hello.Process.WaitForExitAsync(TimeSpan.FromSeconds(40));
        await load.StopAsync();
        output.WriteLine($"{sent} SIGHUPs sent during the stop (the launcher logs them at Debug, below HelloApi's level); exit {status}");

        Assert.True(sent >= 1, "the parent had already exited: no SIGHUP reached the stop");
        Assert.Equal(0, status);
        Assert.Empty(hello.Process.LinesWith("Caught SIGHUP, handling", skip));
        Assert.DoesNotContain(hello.Process.StartedChildren(), s => s.Line >= skip);
        Assert.DoesNotContain(load.Bodies, b => b.StartsWith("never", StringComparison.Ordinal));
        Assert.DoesNotContain(ProcFs.Session(hello.Pid), p => p.Pid != hello.Pid);
    }

    [Theory]
    [InlineData("Caught SIGHUP, handling")]
    [InlineData("Replacing 2 workers")]
    [InlineData("HelloApi serving in pid")]
    public async Task SigtermDuringRollingReload_ReloadFinishesThenGracefulStop_ExitZero_NothingLeft(string sigtermAfter)
    {
        await using var hello = await HelloApi.StartAsync(workers: 2, greeting: "old");
        await using var load = LoadGenerator.Start(hello.Port, connections: 8);
        await Poll.UntilAsync(() => load.Ok > 200, "load running", TimeSpan.FromSeconds(20));

        hello.SetGreeting("new");
        int skip = hello.Process.Lines.Count;
        hello.Process.Signal(Posix.SigHup);
        await hello.Process.WaitForLineAsync(sigtermAfter, TimeSpan.FromSeconds(30), skip);
        hello.Process.Signal(Posix.SigTerm);
        int status = await hello.Process.WaitForExitAsync(TimeSpan.FromSeconds(40));
        await load.StopAsync();

        IReadOnlyList<string> lines = [.. hello.Process.Lines.Skip(skip)];
        int lastReplaced = lines.ToList().FindLastIndex(l => l.Contains(": replacement ", StringComparison.Ordinal) && l.Contains(" ready, stopping ", StringComparison.Ordinal));
        int stopBegan = IndexOf(lines, "Sending signal 15 to");
        string[] exits = [.. lines.Where(l => l.Contains("Child ", StringComparison.Ordinal) && (l.Contains(" exited with status ", StringComparison.Ordinal) || l.Contains(" killed by signal ", StringComparison.Ordinal)))];
        output.WriteLine($"SIGTERM after '{sigtermAfter}': exit {status}; last worker replaced at line {lastReplaced}, stop began at line {stopBegan}; {load.Ok} requests, {load.FailedCount} failed");
        output.WriteLine(string.Join('\n', exits));

        // Documented: SIGTERM during a reload is handled once the reload ends (its deadline runs from the signal):
        // both workers replaced, then the stop; every worker, old or new, stops gracefully (exit 0) exactly once.
        Assert.Equal(0, status);
        Assert.Equal(2, lines.Count(l => l.Contains(": replacement ", StringComparison.Ordinal) && l.Contains(" ready, stopping ", StringComparison.Ordinal)));
        Assert.True(stopBegan > lastReplaced, "the stop began before the reload had replaced both workers");
        Assert.Single(lines, l => l.Contains(ParentSigterm, StringComparison.Ordinal));
        Assert.Equal(4, exits.Length);
        Assert.All(exits, l => Assert.Contains(" exited with status 0", l, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Caught SIGTERM again", StringComparison.Ordinal));
        // Every process, old workers and replacements, is gone.
        Assert.DoesNotContain(ProcFs.Session(hello.Pid), p => p.Pid != hello.Pid);
        Assert.All(hello.Process.StartedChildren(), s => Assert.False(ProcFs.IsAlive(s.Pid), $"worker {s.Pid} still running"));
    }

    private static int IndexOf(IReadOnlyList<string> lines, string text)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Contains(text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
