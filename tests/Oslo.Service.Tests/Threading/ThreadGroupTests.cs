using Microsoft.Extensions.Logging;

using Oslo.Service.Looping;
using Oslo.Service.Tests.Support;
using Oslo.Service.Threading;

using Xunit;

namespace Oslo.Service.Tests.Threading;

public class ThreadGroupTests
{
    private readonly TestClock _clock = new();
    private readonly ListLogger _log = new();

    private ThreadGroup NewGroup(int size = ThreadGroup.DefaultThreadPoolSize) => new(size, _clock, _log);

    [Fact]
    public async Task AddTimer_RegistersAndRunsAFixedIntervalTimer()
    {
        ThreadGroup group = NewGroup();
        int calls = 0;

        FixedIntervalLoopingCall timer = group.AddTimer(TimeSpan.FromSeconds(5), _ => Interlocked.Increment(ref calls), name: "tick");

        Assert.Same(timer, Assert.Single(group.Timers));
        Assert.True(timer.IsRunning);
        Assert.Equal(TimeSpan.FromSeconds(5), await _clock.AdvanceToNextSleepAsync());
        await _clock.NextSleepAsync();
        Assert.Equal(2, Volatile.Read(ref calls));
        await group.StopAsync(graceful: false);
    }

    [Fact]
    public async Task AddDynamicTimer_RegistersAndRunsADynamicTimer()
    {
        ThreadGroup group = NewGroup();

        DynamicLoopingCall timer = group.AddDynamicTimer(_ => TimeSpan.FromSeconds(30), initialDelay: TimeSpan.FromSeconds(2), periodicIntervalMax: TimeSpan.FromSeconds(7));

        Assert.Same(timer, Assert.Single(group.Timers));
        Assert.Equal(TimeSpan.FromSeconds(2), await _clock.AdvanceToNextSleepAsync());
        Assert.Equal(TimeSpan.FromSeconds(7), await _clock.NextSleepAsync());
        await group.StopAsync(graceful: false);
    }

    [Fact]
    public async Task TimerDone_AfterTimerStop_RemovesIt()
    {
        ThreadGroup group = NewGroup();
        FixedIntervalLoopingCall timer = group.AddTimer(TimeSpan.FromSeconds(1), _ => { });
        await _clock.NextSleepAsync();

        timer.Stop();
        await Eventually.CompletesAsync(timer.WaitAsync());
        Assert.Single(group.Timers); // stopping does not unlist, as in oslo

        Assert.True(group.TimerDone(timer));
        Assert.Empty(group.Timers);
        Assert.False(group.TimerDone(timer)); // absent: ignored, as in oslo 4.x
    }

    [Fact]
    public async Task StopTimersAsync_EmptiesTheListAndStopsThem()
    {
        ThreadGroup group = NewGroup();
        FixedIntervalLoopingCall timer = group.AddTimer(TimeSpan.FromSeconds(1), _ => { });
        DynamicLoopingCall dynamic = group.AddDynamicTimer(_ => TimeSpan.FromSeconds(1));

        await group.StopTimersAsync(wait: true);

        Assert.Empty(group.Timers);
        Assert.False(timer.IsRunning);
        Assert.False(dynamic.IsRunning);
        Assert.True(timer.Completion.IsCompleted);
        Assert.True(dynamic.Completion.IsCompleted);
    }

    [Fact]
    public async Task StopTimersAsync_Wait_WaitsForTheInFlightCallback()
    {
        ThreadGroup group = NewGroup();
        TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        bool callbackFinished = false;
        group.AddTimer(TimeSpan.FromSeconds(1), async _ =>
        {
            entered.TrySetResult();
            await release.Task;
            Volatile.Write(ref callbackFinished, true);
        });
        await Eventually.CompletesAsync(entered.Task);

        Task stopping = group.StopTimersAsync(wait: true);
        // What the callback had done at the moment the stop completed (no real-clock sleep needed).
        Task<bool> finishedWhenStopped = stopping.ContinueWith(_ => Volatile.Read(ref callbackFinished), TaskScheduler.Default);
        Assert.False(stopping.IsCompleted);

        release.SetResult();
        Assert.True(await Eventually.CompletesAsync(finishedWhenStopped));
    }

    [Fact]
    public async Task StopAsync_Graceful_WaitsForTheThread()
    {
        ThreadGroup group = NewGroup();
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        bool finished = false;
        group.AddThread(async _ =>
        {
            await release.Task;
            Volatile.Write(ref finished, true);
        });

        Task stopping = group.StopAsync(graceful: true);
        Task<bool> finishedWhenStopped = stopping.ContinueWith(_ => Volatile.Read(ref finished), TaskScheduler.Default);
        Assert.False(stopping.IsCompleted);

        release.SetResult();
        Assert.True(await Eventually.CompletesAsync(finishedWhenStopped));
        Assert.Empty(group.Threads);
    }

    [Fact]
    public async Task StopAsync_NotGraceful_CancelsThreadsAndTimerCallbacksAndReturnsAtOnce()
    {
        ThreadGroup group = NewGroup();
        TaskCompletionSource timerEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        bool completedNormally = false;
        for (int i = 0; i < 3; i++)
        {
            group.AddThread(async ct =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                completedNormally = true;
            });
        }

        group.AddTimer(TimeSpan.FromSeconds(1), async ct =>
        {
            timerEntered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        await Eventually.CompletesAsync(timerEntered.Task);

        await Eventually.CompletesAsync(group.StopAsync(graceful: false));
        await Eventually.CompletesAsync(group.WaitAsync());

        Assert.Empty(group.Threads);
        Assert.Empty(group.Timers);
        Assert.False(completedNormally);
        Assert.Empty(_log.Messages(LogLevel.Error));
    }

    [Fact]
    public async Task StopAsync_FromInsideAGroupThread_StopsTheOthersButNotItself()
    {
        ThreadGroup group = NewGroup();
        TaskCompletionSource others = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource<bool> selfCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        group.AddThread(ct => Task.Delay(Timeout.Infinite, ct));
        group.AddThread(ct => Task.Delay(Timeout.Infinite, ct));
        GroupThread self = group.AddThread(async ct =>
        {
            await group.StopAsync(graceful: false);
            await Eventually.TrueAsync(() => group.Threads.Count == 1, "the other threads to end");
            others.SetResult();
            await release.Task;
            selfCancelled.SetResult(ct.IsCancellationRequested);
        });

        await Eventually.CompletesAsync(others.Task);
        Assert.Same(self, Assert.Single(group.Threads));
        release.SetResult();
        Assert.False(await Eventually.CompletesAsync(selfCancelled.Task));
        await Eventually.CompletesAsync(group.WaitAsync());
        Assert.Empty(group.Threads);
    }

    [Fact]
    public async Task StopAsync_GracefulFromInsideAGroupThread_DoesNotDeadlock()
    {
        ThreadGroup group = NewGroup();
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        group.AddThread(_ => release.Task);
        GroupThread self = group.AddThread(async _ =>
        {
            Task stop = group.StopAsync(graceful: true);
            release.SetResult();
            await stop;
        });

        await Eventually.CompletesAsync(self.WaitAsync());
    }

    [Fact]
    public async Task StopTimersAsync_WaitFromInsideATimerCallback_DoesNotDeadlock()
    {
        ThreadGroup group = NewGroup();
        FixedIntervalLoopingCall timer = group.AddTimer(TimeSpan.FromSeconds(1), async _ => await group.StopTimersAsync(wait: true));

        Assert.Equal(true, await Eventually.CompletesAsync(timer.WaitAsync()));
        Assert.Empty(group.Timers);
    }

    [Fact]
    public async Task WaitAsync_FromInsideAGroupThread_SkipsItself()
    {
        ThreadGroup group = NewGroup();
        GroupThread self = group.AddThread(_ => group.WaitAsync());

        await Eventually.CompletesAsync(self.WaitAsync());
    }

    [Fact]
    public async Task WaitAsync_FailingThread_LogsAndSwallows()
    {
        ThreadGroup group = NewGroup();
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        group.AddThread(async _ =>
        {
            await release.Task;
            throw new InvalidDataException("thread");
        }, name: "bad_thread");

        // With no timers, WaitAsync is already waiting on the thread when it returns its task.
        Task waiting = group.WaitAsync();
        release.SetResult();
        await Eventually.CompletesAsync(waiting);

        IReadOnlyList<string> errors = [.. _log.Messages(LogLevel.Error)];
        Assert.Contains("Error waiting on thread.", errors);
        Assert.Contains("Thread 'bad_thread' failed", errors);
    }

    [Fact]
    public async Task WaitAsync_FailingTimer_LogsAndSwallows()
    {
        ThreadGroup group = NewGroup();
        group.AddTimer(TimeSpan.FromSeconds(1), _ => throw new InvalidDataException("timer"), name: "bad_timer");

        await Eventually.CompletesAsync(group.WaitAsync());

        IReadOnlyList<string> errors = [.. _log.Messages(LogLevel.Error)];
        Assert.Contains("Error waiting on timer.", errors);
        Assert.Contains("Fixed interval looping call 'bad_timer' failed", errors);
    }

    [Fact]
    public async Task AddThread_CallbackThrowsWithNobodyWaiting_LogsWithTheName()
    {
        ThreadGroup group = NewGroup();

        GroupThread thread = group.AddThread(_ => throw new InvalidDataException(), name: "lonely");

        await Assert.ThrowsAsync<InvalidDataException>(() => Eventually.CompletesAsync(thread.WaitAsync()));
        Assert.Contains("Thread 'lonely' failed", _log.Messages(LogLevel.Error));
    }

    [Fact]
    public async Task AddThread_FinishedThread_LeavesTheGroupByItself()
    {
        ThreadGroup group = NewGroup();

        GroupThread thread = group.AddThread(_ => Task.CompletedTask);

        await Eventually.CompletesAsync(thread.WaitAsync());
        // It unlists itself just after completing (nobody waits on the group here).
        await Eventually.TrueAsync(() => group.Threads.Count == 0, "the thread to leave the group");
        Assert.False(group.ThreadDone(thread));
    }

    [Fact]
    public async Task AddThread_SynchronousCallback_RunsOnItsOwnThread()
    {
        ThreadGroup group = NewGroup();
        int callerThread = Environment.CurrentManagedThreadId;
        int ranOn = callerThread;

        GroupThread thread = group.AddThread(_ => ranOn = Environment.CurrentManagedThreadId);

        await Eventually.CompletesAsync(thread.WaitAsync());
        Assert.NotEqual(callerThread, ranOn);
    }

    [Fact]
    public async Task AddThreadAsync_PoolFull_WaitsForAFreeSlot()
    {
        ThreadGroup group = NewGroup(size: 1);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        GroupThread first = group.AddThread(_ => release.Task);
        bool secondRan = false;

        Task<GroupThread> adding = group.AddThreadAsync(_ =>
        {
            secondRan = true;
            return Task.CompletedTask;
        });
        Task<bool> firstDoneWhenAdded = adding.ContinueWith(_ => first.IsCompleted, TaskScheduler.Default);
        Assert.False(adding.IsCompleted);

        release.SetResult();
        Assert.True(await Eventually.CompletesAsync(firstDoneWhenAdded));
        GroupThread second = await adding;
        await Eventually.CompletesAsync(second.WaitAsync());
        Assert.True(secondRan);
    }

    [Fact]
    public async Task AddThread_PoolFull_ReturnsAtOnceAndRunsWhenASlotFrees()
    {
        ThreadGroup group = NewGroup(size: 2);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        GroupThread first = group.AddThread(_ => release.Task);
        GroupThread second = group.AddThread(_ => release.Task);
        TaskCompletionSource<bool> ran = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Before, AddThread blocked its caller on the pool's semaphore; now it lists the thread and returns.
        Task<GroupThread> adding = Task.Run(() => group.AddThread(_ =>
        {
            ran.SetResult(first.IsCompleted || second.IsCompleted);
            return Task.CompletedTask;
        }));
        GroupThread third = await Eventually.CompletesAsync(adding);
        Assert.Equal(3, group.Threads.Count);
        Assert.False(ran.Task.IsCompleted);

        release.SetResult();
        Assert.True(await Eventually.CompletesAsync(ran.Task));
        await Eventually.CompletesAsync(third.Completion);
    }

    [Fact]
    public async Task AddThread_QueuedThreadStopped_NeverRunsAndFreesNothing()
    {
        ThreadGroup group = NewGroup(size: 1);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        GroupThread busy = group.AddThread(_ => release.Task);
        bool ran = false;
        GroupThread queued = group.AddThread(_ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        queued.Stop();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.CompletesAsync(queued.Completion));
        release.SetResult();
        await Eventually.CompletesAsync(busy.Completion);

        // The pool still has exactly its one slot: a new thread runs, and a second waits behind it.
        TaskCompletionSource hold = new(TaskCreationOptions.RunContinuationsAsynchronously);
        GroupThread next = group.AddThread(_ => hold.Task);
        GroupThread after = group.AddThread(_ => Task.CompletedTask);
        Assert.False(ran);
        Assert.False(after.IsCompleted);
        hold.SetResult();
        await Eventually.CompletesAsync(after.Completion);
        Assert.True(next.IsCompleted);
    }

    [Fact]
    public async Task Cancel_StartedThread_DoesNotCancelIt()
    {
        ThreadGroup group = NewGroup();
        TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        GroupThread thread = group.AddThread(async _ =>
        {
            entered.SetResult();
            await release.Task;
        });
        await Eventually.CompletesAsync(entered.Task);

        Assert.False(thread.Cancel());
        Assert.Single(group.Threads);
        release.SetResult();
        await Eventually.CompletesAsync(thread.WaitAsync());
    }

    [Fact]
    public async Task Cancel_BeforeTheThreadStarts_SkipsTheCallback()
    {
        GroupThread thread = new("early");
        bool ran = false;
        bool done = false;

        Assert.True(thread.Cancel());
        await thread.RunAsync(_ =>
        {
            ran = true;
            return Task.CompletedTask;
        }, (_, _) => { }, _ => done = true);

        Assert.False(ran);
        Assert.True(done);
        Assert.True(thread.Completion.IsCanceled);
    }

    [Fact]
    public void Constructor_ZeroPoolSize_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadGroup(0));
}
