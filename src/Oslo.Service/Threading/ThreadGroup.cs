using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Service.Logging;
using Oslo.Service.Looping;

namespace Oslo.Service.Threading;

/// <summary>
/// The threads and timers of a service (oslo's <c>ThreadGroup</c>): long-running callbacks in a bounded pool, plus
/// fixed-interval and dynamic timers built from looping calls. A service stops it with <see cref="StopAsync"/> and
/// then waits on it with <see cref="WaitAsync"/>.
/// </summary>
/// <remarks>
/// <para>Stop order, as in oslo: the timers are stopped first (waiting for their in-flight callbacks when graceful),
/// then the threads are either awaited (graceful) or cancelled (not graceful). The thread or timer that calls a
/// stop or wait method is never waited on or cancelled by it, so calling them from inside the group cannot
/// deadlock.</para>
/// <para>.NET cannot kill a thread: a non-graceful stop cancels the <see cref="CancellationToken"/> each callback
/// received and returns at once; a callback that ignores its token keeps running until it returns.</para>
/// </remarks>
public sealed partial class ThreadGroup
{
    /// <summary>oslo's default pool size.</summary>
    public const int DefaultThreadPoolSize = 10;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _slots;
    private readonly List<GroupThread> _threads = [];
    private readonly List<LoopingCallBase> _timers = [];
    private readonly ILogger _logger;
    private readonly ILogger _timerLogger;

    /// <summary>Creates an empty group.</summary>
    /// <param name="threadPoolSize">How many threads may run at once; adding one more waits for a slot.</param>
    /// <param name="timeProvider">The clock of the group's timers; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Where the group and its timers log; nowhere when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threadPoolSize"/> is less than 1.</exception>
    public ThreadGroup(int threadPoolSize = DefaultThreadPoolSize, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadPoolSize, 1);
        ThreadPoolSize = threadPoolSize;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _slots = new SemaphoreSlim(threadPoolSize, threadPoolSize);
        ILoggerFactory factory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = factory.CreateLogger<ThreadGroup>();
        _timerLogger = factory.CreateLogger<LoopingCallBase>();
    }

    /// <summary>How many threads may run at once (oslo.service 4.x's <c>thread_pool_size</c>).</summary>
    public int ThreadPoolSize { get; }

    /// <summary>The old name of <see cref="ThreadPoolSize"/> (oslo's <c>max_threads</c>, deprecated in oslo.service 4.x).</summary>
    [Obsolete("Use ThreadPoolSize (oslo.service 4.x's thread_pool_size); MaxThreads is its deprecated alias, as max_threads is in oslo.service.")]
    public int MaxThreads => ThreadPoolSize;

    /// <summary>The clock of the group's timers.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>A snapshot of the threads that have not finished yet.</summary>
    public IReadOnlyList<GroupThread> Threads
    {
        get
        {
            lock (_gate)
            {
                return [.. _threads];
            }
        }
    }

    /// <summary>A snapshot of the timers added and not yet removed by <see cref="TimerDone"/> or a stop.</summary>
    public IReadOnlyList<LoopingCallBase> Timers
    {
        get
        {
            lock (_gate)
            {
                return [.. _timers];
            }
        }
    }

    /// <summary>
    /// Adds a thread running <paramref name="callback"/> (oslo's <c>add_thread</c>) and returns at once: when the pool
    /// is full the thread is listed and its callback starts as soon as a slot is free (eventlet's spawn blocked the
    /// caller instead). Use <see cref="AddThreadAsync"/> to wait for a slot before going on.
    /// </summary>
    /// <param name="callback">The callback; its token is cancelled by <see cref="GroupThread.Stop"/> or a non-graceful stop.</param>
    /// <param name="name">A name for the thread; the callback's method name when null.</param>
    /// <returns>The thread.</returns>
    public GroupThread AddThread(Func<CancellationToken, Task> callback, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_slots.Wait(0))
        {
            return Spawn(callback, name ?? callback.Method.Name, longRunning: false, new SlotLease { Held = true });
        }

        var lease = new SlotLease();
        return Spawn(async ct =>
        {
            await _slots.WaitAsync(ct).ConfigureAwait(false);
            lease.Held = true;
            await callback(ct).ConfigureAwait(false);
        }, name ?? callback.Method.Name, longRunning: false, lease);
    }

    /// <summary>
    /// Adds a thread running a synchronous <paramref name="callback"/> on a dedicated thread and returns at once;
    /// when the pool is full, the callback starts as soon as a slot is free.
    /// </summary>
    /// <param name="callback">The callback; its token is cancelled by <see cref="GroupThread.Stop"/> or a non-graceful stop.</param>
    /// <param name="name">A name for the thread; the callback's method name when null.</param>
    /// <returns>The thread.</returns>
    public GroupThread AddThread(Action<CancellationToken> callback, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_slots.Wait(0))
        {
            return Spawn(AsAsync(callback), name ?? callback.Method.Name, longRunning: true, new SlotLease { Held = true });
        }

        var lease = new SlotLease();
        return Spawn(ct =>
        {
            // On the thread's own dedicated thread, not the caller's.
            _slots.Wait(ct);
            lease.Held = true;
            callback(ct);
            return Task.CompletedTask;
        }, name ?? callback.Method.Name, longRunning: true, lease);
    }

    /// <summary>Starts a thread running <paramref name="callback"/>, waiting asynchronously while the pool is full.</summary>
    /// <param name="callback">The callback; its token is cancelled by <see cref="GroupThread.Stop"/> or a non-graceful stop.</param>
    /// <param name="name">A name for the thread; the callback's method name when null.</param>
    /// <param name="cancellationToken">Stops waiting for a free slot.</param>
    /// <returns>The thread.</returns>
    public async Task<GroupThread> AddThreadAsync(Func<CancellationToken, Task> callback, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callback);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Spawn(callback, name ?? callback.Method.Name, longRunning: false, new SlotLease { Held = true });
    }

    /// <summary>
    /// Removes a finished thread from the group (oslo's <c>thread_done</c>). Threads call it themselves when they
    /// finish; calling it for a thread that is not in the group does nothing.
    /// </summary>
    /// <param name="thread">The thread.</param>
    /// <returns>Whether the thread was in the group.</returns>
    public bool ThreadDone(GroupThread thread)
    {
        lock (_gate)
        {
            return _threads.Remove(thread);
        }
    }

    /// <summary>
    /// Stops the group (oslo's <c>stop(graceful)</c>). Graceful: stops the timers and waits for their in-flight
    /// callbacks, then waits for every thread to finish. Not graceful: stops the timers and cancels the tokens of
    /// their in-flight callbacks and of every thread, and returns at once. Either way the calling thread or timer
    /// itself is left alone.
    /// </summary>
    /// <param name="graceful">Whether to let threads and timer callbacks finish; true by default, as everywhere in
    /// this library (oslo's default was false; see docs/differences.md).</param>
    /// <param name="cancellationToken">Stops waiting (a graceful stop then leaves the rest running).</param>
    /// <returns>A task that completes when the stop is done.</returns>
    public async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        if (graceful)
        {
            await StopTimersAsync(wait: true, cancellationToken).ConfigureAwait(false);
            await WaitThreadsAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (LoopingCallBase timer in TakeTimers())
        {
            if (!ReferenceEquals(timer, LoopingCallBase.Current))
            {
                timer.Cancel();
            }
            else
            {
                timer.Stop();
            }
        }

        GroupThread? current = GroupThread.Current;
        foreach (GroupThread thread in Threads)
        {
            if (!ReferenceEquals(thread, current))
            {
                thread.Stop();
            }
        }
    }

    /// <summary>
    /// Waits for the timers and then the threads to end (oslo's <c>wait()</c>). Their errors are logged ("Error
    /// waiting on timer." / "Error waiting on thread.") and swallowed; cancellations are ignored. The calling thread
    /// or timer is skipped. Timers must be stopped first, or this waits for as long as they run.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when every other timer and thread has ended.</returns>
    public async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        await WaitTimersAsync(Timers, cancellationToken).ConfigureAwait(false);
        await WaitThreadsAsync(cancellationToken).ConfigureAwait(false);
    }

    private GroupThread Spawn(Func<CancellationToken, Task> callback, string name, bool longRunning, SlotLease lease)
    {
        GroupThread thread = new(name);
        lock (_gate)
        {
            // Listed before it starts, so a thread that finishes at once still finds itself to remove.
            _threads.Add(thread);
        }

        if (longRunning)
        {
            _ = Task.Factory.StartNew(
                () => thread.RunAsync(callback, OnThreadFailed, t => OnThreadDone(t, lease)),
                CancellationToken.None,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default);
        }
        else
        {
            _ = Task.Run(() => thread.RunAsync(callback, OnThreadFailed, t => OnThreadDone(t, lease)), CancellationToken.None);
        }

        return thread;
    }

    // Logged when it happens, with the name, because nobody may ever wait on this thread.
    private void OnThreadFailed(GroupThread thread, Exception failure) => _logger.ThreadGroupThreadCrashed(failure, thread.Name);

    private void OnThreadDone(GroupThread thread, SlotLease lease)
    {
        ThreadDone(thread);
        if (lease.Held)
        {
            _slots.Release();
        }
    }

    private async Task WaitThreadsAsync(CancellationToken cancellationToken)
    {
        GroupThread? current = GroupThread.Current;
        while (true)
        {
            // Threads started while we wait are waited for too: the group is done only when nothing else runs.
            GroupThread? next = Threads.FirstOrDefault(t => !ReferenceEquals(t, current));
            if (next is null)
            {
                return;
            }

            try
            {
                await next.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A stopped thread is not an error (oslo ignores GreenletExit).
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.ThreadGroupThreadFailed(ex);
            }

            // It has completed; unlist it now rather than spin until it unlists itself.
            ThreadDone(next);
        }
    }

    private static Func<CancellationToken, Task> AsAsync(Action<CancellationToken> callback) =>
        ct =>
        {
            callback(ct);
            return Task.CompletedTask;
        };

    /// <summary>Whether a thread holds one of the pool's slots (a queued thread does only once it got one).</summary>
    private sealed class SlotLease
    {
        public volatile bool Held;
    }
}
