using System.Globalization;

using Xunit;

namespace Oslo.Service.Observability.Tests;

/// <summary>
/// #17 item 3 with real processes: a worker whose thread pool spins in one method (so its heartbeats stop) has its
/// stacks, naming that method, in the parent's log before the SIGKILL, and the kill comes within 1 s of the decision.
/// </summary>
public sealed class HungWorkerStacksTests
{
    [Fact]
    public async Task HungWorker_StacksNamingTheStuckMethodLoggedBeforeTheKill_KillWithinOneSecondOfTheDecision()
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("oslo-obs-hung-");
        string conf = Path.Combine(directory.FullName, "hung.conf");
        // The capture starts at half the timeout: 5 s for oslo-ctl to start and sample (2.6–4.8 s measured at load 13).
        File.WriteAllText(conf, $"""
            [busy]
            mode = starve

            [process_launcher]
            heartbeat_timeout = 10
            hung_worker_stacks_command = dotnet {Paths.OsloCtl}
            """);
        try
        {
            await using ChildProcess busy = ChildProcess.StartDotnet(Paths.BusyHost, ["--config-file", conf]);
            string starving = await busy.WaitForLineAsync("Busy worker starving its thread pool in pid");
            int pid = int.Parse(starving[(starving.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);

            string killed = await busy.WaitForLineAsync($"Sent SIGKILL to worker 0 (pid {pid})");
            await busy.WaitForLineAsync($"Child {pid} killed by signal 9");

            string[] log = busy.Transcript.Split('\n');
            int decision = Array.FindIndex(log, line => line.Contains($"Child {pid} (worker 0) sent no heartbeat", StringComparison.Ordinal));
            int stacks = Array.FindIndex(log, line => line.Contains($"Stacks of worker 0 (pid {pid}) before SIGKILL", StringComparison.Ordinal));
            int kill = Array.IndexOf(log, killed);
            Assert.True(decision >= 0 && stacks > decision && kill > stacks, busy.Transcript);
            Assert.Contains(log[stacks..kill], line => line.Contains("BusyService.SpinInBusyLoopForever", StringComparison.Ordinal));

            // Within 1 s of the decision: as the parent measured it, and as its log's timestamps say.
            long elapsedMs = long.Parse(killed.Split(' ')[^5], CultureInfo.InvariantCulture);
            Assert.True(elapsedMs < 1000, killed);
            Assert.True(Timestamp(log[kill]) - Timestamp(log[decision]) < TimeSpan.FromSeconds(1), $"{log[decision]}\n{log[kill]}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // "2026-12-06 12:11:19.794 fail: …"
    private static DateTime Timestamp(string line) =>
        DateTime.ParseExact(line[..23], "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
