using Microsoft.Extensions.Logging;

using Oslo.Config;
using Oslo.Service.Periodic;
using Oslo.Service.Tests.Support;
using Oslo.Service.Threading;

using Xunit;

namespace Oslo.Service.Tests.Periodic;

public class PeriodicTasksTests
{
    private readonly TestClock _clock = new();
    private readonly ListLogger _log = new();

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Constructor_DeclaredTasks_RegisterWithOslosRules()
    {
        Manager manager = new(_clock, _log);

        // The disabled and negative tasks are not registered; spacing 0 becomes 60; explicit spacing is kept.
        Assert.Equal(["default_task", "every_ten", "immediate", "seventy", "crashing", "async_with_token", "renamed"], manager.Tasks.Select(t => t.Name));
        Assert.Equal(S(60), manager.SpacingOf("default_task"));
        Assert.Equal(S(70), manager.SpacingOf("seventy"));
        Assert.Contains("Skipping periodic task disabled because it is disabled", _log.Messages(LogLevel.Information));
        Assert.Contains("Skipping periodic task negative because its interval is negative", _log.Messages(LogLevel.Information));
    }

    [Fact]
    public async Task RunPeriodicTasksAsync_ThreePasses_RunTheDueTasksOnly()
    {
        Manager manager = new(_clock, _log);

        Assert.Equal(S(10), await manager.RunPeriodicTasksAsync("ctx"));
        Assert.Equal(["immediate"], manager.Calls);

        _clock.Advance(S(10));
        Assert.Equal(S(10), await manager.RunPeriodicTasksAsync("ctx"));
        Assert.Equal(["immediate", "every_ten", "immediate"], manager.Calls);

        _clock.Advance(S(50));
        await manager.RunPeriodicTasksAsync("ctx");
        Assert.Equal(
            ["immediate", "every_ten", "immediate", "default_task", "every_ten", "immediate", "crashing", "async_with_token:ctx", "renamed"],
            manager.Calls);
        // The crash is logged with the full name and does not stop the tasks after it.
        Assert.Contains("Error during Manager.crashing", _log.Messages(LogLevel.Error));
        Assert.Contains("Running periodic task Manager.default_task", _log.Messages(LogLevel.Debug));

        _clock.Advance(S(10));
        await manager.RunPeriodicTasksAsync("ctx");
        Assert.Contains("seventy", manager.Calls);
    }

    [Fact]
    public async Task RunPeriodicTasksAsync_RaiseOnError_Propagates()
    {
        Manager manager = new(_clock, _log);
        _clock.Advance(S(60));

        await Assert.ThrowsAsync<InvalidDataException>(() => manager.RunPeriodicTasksAsync(null, raiseOnError: true));
    }

    [Fact]
    public async Task RunPeriodicTasksAsync_Spacing200_IdleIsCappedAt60()
    {
        PeriodicTasks tasks = Single(S(200));

        Assert.Equal(S(60), await tasks.RunPeriodicTasksAsync(null));
    }

    [Fact]
    public async Task RunPeriodicTasksAsync_Spacing0_Idles60()
    {
        PeriodicTasks tasks = Single(TimeSpan.Zero);

        Assert.Equal(S(60), await tasks.RunPeriodicTasksAsync(null));
    }

    [Fact]
    public async Task RunPeriodicTasksAsync_IdleCalculation_FollowsTheLastRun()
    {
        // oslo's test_periodic_tasks_idle_calculation: spacing 10; at +5 idle 5, unchanged; at +10 it runs.
        int runs = 0;
        PeriodicTasks tasks = Single(S(10), _ => runs++);

        _clock.Advance(S(5));
        Assert.Equal(S(5), await tasks.RunPeriodicTasksAsync(null));
        Assert.Equal(TimeSpan.Zero, tasks.LastRun("task"));
        Assert.Equal(0, runs);

        _clock.Advance(S(5));
        Assert.Equal(S(10), await tasks.RunPeriodicTasksAsync(null));
        Assert.Equal(S(10), tasks.LastRun("task"));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RunPeriodicTasksAsync_Immediate_RunsOnTheFirstPass()
    {
        int runs = 0;
        PeriodicTasks tasks = Single(S(10), _ => runs++, runImmediately: true);
        _clock.Advance(S(3));

        Assert.Equal(S(10), await tasks.RunPeriodicTasksAsync(null));
        Assert.Equal(1, runs);
        Assert.Equal(S(3), tasks.LastRun("task"));
        _clock.Advance(S(5));
        Assert.Equal(S(5), await tasks.RunPeriodicTasksAsync(null));
    }

    [Fact]
    public async Task RunPeriodicTasksAsync_Spacing9Over200Ticks_RunsOncePerNineSeconds()
    {
        // oslo's test_called_correct: int(i / 9) runs after i one-second ticks.
        int runs = 0;
        PeriodicTasks tasks = Single(S(9), _ => runs++);
        for (int i = 1; i <= 200; i++)
        {
            _clock.Advance(S(1));
            await tasks.RunPeriodicTasksAsync(null);
            Assert.Equal(i / 9, runs);
        }
    }

    [Fact]
    public async Task RunPeriodicTasksAsync_PassDuration_IsNotAddedToTheCycle()
    {
        // The pass takes 3 s: the idle time is what is left until the task is due (7 s), not its spacing (oslo: 10 s).
        PeriodicTasks tasks = Single(S(10), _ => _clock.Advance(S(3)), runImmediately: true);

        Assert.Equal(S(7), await tasks.RunPeriodicTasksAsync(null));
    }

    [Fact]
    public async Task RunPeriodicTasksAsync_Jitter_IsAddedToTheBoundary()
    {
        PeriodicTasks tasks = new(timeProvider: _clock, random: new FixedRandom(1.0), logger: _log);
        tasks.AddPeriodicTask(new PeriodicTask("task", _ => { }, S(200)));

        _clock.Advance(S(300));
        await tasks.RunPeriodicTasksAsync(null);

        Assert.Equal(S(210), tasks.LastRun("task"));
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task RunPeriodicTasksAsync_ExternalTask_HonoursRunExternalPeriodicTasks(bool runExternal, int expectedRuns)
    {
        int runs = 0;
        PeriodicTasks tasks = new(runExternal, _clock, new FixedRandom(0), _log);
        tasks.AddPeriodicTask(new PeriodicTask("external", _ => runs++, S(10), runImmediately: true, externalProcessOk: true));

        TimeSpan idle = await tasks.RunPeriodicTasksAsync(null);

        Assert.Equal(expectedRuns, runs);
        // A skipped task does not count toward the idle time.
        Assert.Equal(runExternal ? S(10) : S(60), idle);
    }

    [Fact]
    public async Task RunPeriodicTasksAsync_RunExternalReadEachPass()
    {
        bool runExternal = false;
        int runs = 0;
        PeriodicTasks tasks = new(() => runExternal, _clock, new FixedRandom(0), _log);
        tasks.AddPeriodicTask(new PeriodicTask("external", _ => runs++, S(10), runImmediately: true, externalProcessOk: true));

        await tasks.RunPeriodicTasksAsync(null);
        runExternal = true;
        await tasks.RunPeriodicTasksAsync(null);

        Assert.Equal(1, runs);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task Constructor_ConfigOpts_RegistersAndReadsRunExternalPeriodicTasks(bool value, int expectedRuns)
    {
        ConfigOpts conf = new();
        int runs = 0;
        PeriodicTasks tasks = new(conf, _clock, new FixedRandom(0), _log);
        conf.Parse([]);
        tasks.AddPeriodicTask(new PeriodicTask("external", _ => runs++, S(10), runImmediately: true, externalProcessOk: true));

        Assert.True(conf.GetValue<bool>("run_external_periodic_tasks")); // registered with oslo's default
        conf.SetOverride("run_external_periodic_tasks", value);
        await tasks.RunPeriodicTasksAsync(null);

        Assert.Equal(expectedRuns, runs);
    }

    [Fact]
    public async Task AddPeriodicTask_AddsToThisInstanceOnly()
    {
        Manager first = new(_clock, _log);
        Manager second = new(_clock, _log);
        int runs = 0;

        Assert.True(first.AddPeriodicTask(new PeriodicTask("extra", _ => runs++, S(5))));

        Assert.Contains("extra", first.Tasks.Select(t => t.Name));
        Assert.DoesNotContain("extra", second.Tasks.Select(t => t.Name));
        _clock.Advance(S(5));
        await first.RunPeriodicTasksAsync(null);
        Assert.Equal(1, runs);
    }

    [Fact]
    public void AddPeriodicTask_DisabledOrNegative_IsRefusedAndLogged()
    {
        PeriodicTasks tasks = new(timeProvider: _clock, logger: _log);

        Assert.False(tasks.AddPeriodicTask(new PeriodicTask("off", _ => { }, enabled: false)));
        Assert.False(tasks.AddPeriodicTask(new PeriodicTask("neg", _ => { }, S(-1))));
        Assert.Empty(tasks.Tasks);
        Assert.Equal(
            ["Skipping periodic task off because it is disabled", "Skipping periodic task neg because its interval is negative"],
            _log.Messages(LogLevel.Information));
    }

    [Fact]
    public void AddPeriodicTask_DuplicateName_Throws()
    {
        PeriodicTasks tasks = Single(S(1));

        Assert.Throws<ArgumentException>(() => tasks.AddPeriodicTask(new PeriodicTask("task", _ => { }, S(1))));
    }

    [Fact]
    public async Task FirstRun_IsTimedFromTheInstanceNotTheClass()
    {
        _clock.Advance(TimeSpan.FromHours(1)); // long after the class was loaded
        Manager manager = new(_clock, _log);

        _clock.Advance(S(9));
        await manager.RunPeriodicTasksAsync(null);
        Assert.DoesNotContain("every_ten", manager.Calls);
        _clock.Advance(S(1));
        await manager.RunPeriodicTasksAsync(null);
        Assert.Contains("every_ten", manager.Calls);
    }

    [Fact]
    public void Constructor_BadSignature_ThrowsNamingTheMethod()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => new BadManager());
        Assert.Contains("BadManager.Broken", ex.Message);
    }

    [Fact]
    public async Task Subclass_InheritsTheBaseTasksFirst()
    {
        DerivedManager manager = new(_clock, _log);

        Assert.Equal("default_task", manager.Tasks[0].Name);
        Assert.Equal("derived_task", manager.Tasks[^1].Name);
        _clock.Advance(S(60));
        await manager.RunPeriodicTasksAsync(null);
        Assert.Contains("derived_task", manager.Calls);
    }

    [Fact]
    public async Task AddPeriodicTasksTimer_RunsPassesOnADynamicTimerOfTheGroup()
    {
        ThreadGroup group = new(timeProvider: _clock, loggerFactory: _log);
        int runs = 0;
        PeriodicTasks tasks = new(timeProvider: _clock, logger: _log);
        tasks.AddPeriodicTask(new PeriodicTask("tick", _ => Interlocked.Increment(ref runs), S(5), runImmediately: true));

        group.AddPeriodicTasksTimer(tasks, context: "ctx");

        Assert.Equal(S(5), await _clock.AdvanceToNextSleepAsync());
        Assert.Equal(S(5), await _clock.AdvanceToNextSleepAsync());
        Assert.Equal(S(5), await _clock.NextSleepAsync());
        Assert.Equal(3, Volatile.Read(ref runs));
        await group.StopAsync(graceful: true);
    }

    [Fact]
    public async Task WithContext_TypedContext_ReachesTheCallbackAndAWrongTypeNamesBoth()
    {
        PeriodicTasks tasks = new(timeProvider: _clock, random: new FixedRandom(0), logger: _log);
        var seen = new List<Uri>();
        tasks.AddPeriodicTask(PeriodicTask.WithContext<Uri>("typed", (uri, _) =>
        {
            seen.Add(uri);
            return ValueTask.CompletedTask;
        }, S(1), runImmediately: true));

        await tasks.RunPeriodicTasksAsync(new Uri("http://example.test/"));
        _clock.Advance(S(2));
        InvalidCastException error = await Assert.ThrowsAsync<InvalidCastException>(() => tasks.RunPeriodicTasksAsync("not a uri", raiseOnError: true));

        Assert.Equal([new Uri("http://example.test/")], seen);
        Assert.Equal("Periodic task typed expects a context of type Uri, but the pass gave String.", error.Message);
    }

    private PeriodicTasks Single(TimeSpan spacing, Action<CancellationToken>? callback = null, bool runImmediately = false)
    {
        PeriodicTasks tasks = new(timeProvider: _clock, random: new FixedRandom(0), logger: _log);
        tasks.AddPeriodicTask(new PeriodicTask("task", callback ?? (_ => { }), spacing, runImmediately));
        return tasks;
    }

    private class Manager(TimeProvider clock, ILogger logger) : PeriodicTasks(true, clock, new FixedRandom(0), logger)
    {
        public List<string> Calls { get; } = [];

        [PeriodicTask]
        public void default_task(object? context) => Calls.Add("default_task");

        [PeriodicTask(Spacing = 10)]
        public void every_ten() => Calls.Add("every_ten");

        [PeriodicTask(Spacing = 10, RunImmediately = true)]
        public void immediate(object? context) => Calls.Add("immediate");

        [PeriodicTask(Spacing = 70)]
        public Task seventy(object? context)
        {
            Calls.Add("seventy");
            return Task.CompletedTask;
        }

        [PeriodicTask(Enabled = false)]
        public void disabled(object? context) => Calls.Add("disabled");

        [PeriodicTask(Spacing = -1)]
        public void negative(object? context) => Calls.Add("negative");

        [PeriodicTask]
        public void crashing(object? context)
        {
            Calls.Add("crashing");
            throw new InvalidDataException("crash");
        }

        [PeriodicTask]
        public async ValueTask async_with_token(object? context, CancellationToken cancellationToken)
        {
            await Task.Yield();
            Calls.Add("async_with_token:" + context);
        }

        [PeriodicTask(Name = "renamed")]
        private void OriginalName(object? context) => Calls.Add("renamed");
    }

    private sealed class DerivedManager(TimeProvider clock, ILogger logger) : Manager(clock, logger)
    {
        [PeriodicTask]
        public void derived_task(object? context) => Calls.Add("derived_task");
    }

    private sealed class BadManager : PeriodicTasks
    {
        [PeriodicTask]
        public int Broken(object? context, int other) => other;
    }
}
