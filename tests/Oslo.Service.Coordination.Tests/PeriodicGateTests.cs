using Oslo.Config;
using Oslo.Service.Periodic;
using Oslo.Service.Threading;

namespace Oslo.Service.Coordination.Tests;

public sealed class PeriodicGateTests
{
    private sealed class LeaderOnly(TimeProvider? clock = null) : PeriodicTasks(timeProvider: clock)
    {
        public int Runs { get; private set; }

        [PeriodicTask(Spacing = 1, RunImmediately = true, RunOn = PeriodicTaskRunOn.OnceAcrossDeployment)]
        public void Cleanup() => Runs++;
    }

    private sealed class EveryWorker : PeriodicTasks
    {
        public int Runs { get; private set; }

        [PeriodicTask(Spacing = 1, RunImmediately = true)]
        public void Beat() => Runs++;
    }

    /// <summary>A gate that lets every other call through and counts them.</summary>
    private sealed class Alternating : IPeriodicTaskGate
    {
        public List<string> Seen { get; } = [];

        public async ValueTask RunAsync(PeriodicTask task, Func<CancellationToken, ValueTask> run, CancellationToken cancellationToken)
        {
            Seen.Add($"{task.Name}:{task.RunOn}");
            if (Seen.Count % 2 == 1)
            {
                await run(cancellationToken);
            }
        }
    }

    [Fact]
    public void AddPeriodicTasksTimer_LeaderOnlyTaskWithoutBackend_StartupErrorNamingBackendUrl()
    {
        var group = new ThreadGroup();
        var error = Assert.Throws<OsloStartupException>(() => group.AddPeriodicTasksTimer(new LeaderOnly()));
        Assert.Contains("Cleanup", error.Message, StringComparison.Ordinal);
        Assert.Contains("[coordination] backend_url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequiresGate_OnlyEveryWorkerTasks_Null() => Assert.Null(new EveryWorker().RequiresGate);

    [Fact]
    public async Task RunPeriodicTasksAsync_LeaderOnlyTask_RunsOnlyWhenTheGateSaysSo()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var tasks = new LeaderOnly(clock);
        var gate = new Alternating();
        tasks.Gate = gate;
        for (int pass = 0; pass < 4; pass++)
        {
            await tasks.RunPeriodicTasksAsync(null);
            clock.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(4, gate.Seen.Count);
        Assert.All(gate.Seen, s => Assert.Equal("Cleanup:OnceAcrossDeployment", s));
        Assert.Equal(2, tasks.Runs);
    }

    [Fact]
    public async Task RunPeriodicTasksAsync_EveryWorkerTask_BypassesTheGate()
    {
        var tasks = new EveryWorker();
        var gate = new Alternating();
        tasks.Gate = gate;
        await tasks.RunPeriodicTasksAsync(null);
        Assert.Empty(gate.Seen);
        Assert.Equal(1, tasks.Runs);
    }
}
