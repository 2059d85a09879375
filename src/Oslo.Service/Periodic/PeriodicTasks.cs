using System.Diagnostics.CodeAnalysis;
using System.Reflection;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Config;
using Oslo.Service.Logging;
using Oslo.Service.Looping;
using Oslo.Service.Metrics;

namespace Oslo.Service.Periodic;

/// <summary>
/// A set of periodic tasks run together by <see cref="RunPeriodicTasksAsync"/> (oslo's <c>PeriodicTasks</c>): the
/// methods of a subclass marked <see cref="PeriodicTaskAttribute"/>, plus tasks added to this instance with
/// <see cref="AddPeriodicTask"/>. A service runs a pass on a dynamic timer, sleeping what the pass returns
/// (see <see cref="ThreadGroupPeriodicExtensions.AddPeriodicTasksTimer"/>).
/// </summary>
/// <remarks>
/// Differences from oslo, on purpose: a task's first run is timed from this instance's creation (oslo times it from
/// when the class was defined); <see cref="AddPeriodicTask"/> adds to this instance only (oslo mutates the class);
/// and the idle time is measured at the end of the pass, so the pass's own duration is not added to every cycle.
/// <para>The annotation keeps every subclass's methods under trimming and Native AOT, since the marked ones are found
/// by reflection.</para>
/// </remarks>
[DynamicallyAccessedMembers(DeclaredPeriodicTasks.Methods)]
public class PeriodicTasks
{
    /// <summary>oslo's <c>DEFAULT_INTERVAL</c>: the longest idle time, and the spacing of a task declared with 0.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private readonly Func<bool> _runExternalPeriodicTasks;
    private readonly TimeProvider _timeProvider;
    private readonly Random? _random;
    private readonly long _origin;
    private readonly string _typeName;
    private readonly List<Entry> _entries = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private Entry[]? _snapshot;

    /// <summary>Creates the set and registers the methods marked <see cref="PeriodicTaskAttribute"/>.</summary>
    /// <param name="runExternalPeriodicTasks">oslo's <c>run_external_periodic_tasks</c>: whether tasks marked
    /// <see cref="PeriodicTaskAttribute.ExternalProcessOk"/> run in this process.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="random">The source of the boundary jitter; <see cref="Random.Shared"/> when null.</param>
    /// <param name="logger">Where skipped, running and failing tasks are logged.</param>
    /// <exception cref="InvalidOperationException">A marked method has a signature that cannot be called.</exception>
    public PeriodicTasks(bool runExternalPeriodicTasks = true, TimeProvider? timeProvider = null, Random? random = null, ILogger? logger = null)
        : this(() => runExternalPeriodicTasks, timeProvider, random, logger)
    {
    }

    /// <summary>
    /// Creates the set from a configuration, as oslo's <c>PeriodicTasks(conf)</c>: registers oslo.service's
    /// <c>periodic_opts</c> on <paramref name="conf"/> (idempotent) and reads <c>run_external_periodic_tasks</c>
    /// from it on every pass, so a reload takes effect on the next pass.
    /// </summary>
    /// <param name="conf">The configuration.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="random">The source of the boundary jitter; <see cref="Random.Shared"/> when null.</param>
    /// <param name="logger">Where skipped, running and failing tasks are logged.</param>
    /// <exception cref="InvalidOperationException">A marked method has a signature that cannot be called.</exception>
    public PeriodicTasks(ConfigOpts conf, TimeProvider? timeProvider = null, Random? random = null, ILogger? logger = null)
        : this(RegisterPeriodicOpts(conf), timeProvider, random, logger)
    {
    }

    /// <summary>Creates the set, reading <c>run_external_periodic_tasks</c> again on every pass.</summary>
    /// <param name="runExternalPeriodicTasks">Returns the current value of <c>run_external_periodic_tasks</c>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="random">The source of the boundary jitter; <see cref="Random.Shared"/> when null.</param>
    /// <param name="logger">Where skipped, running and failing tasks are logged.</param>
    /// <exception cref="InvalidOperationException">A marked method has a signature that cannot be called.</exception>
    public PeriodicTasks(Func<bool> runExternalPeriodicTasks, TimeProvider? timeProvider = null, Random? random = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(runExternalPeriodicTasks);
        _runExternalPeriodicTasks = runExternalPeriodicTasks;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _random = random;
        Logger = logger ?? NullLogger.Instance;
        _origin = _timeProvider.GetTimestamp();
        _typeName = GetType().Name;
        foreach (PeriodicTask task in DeclaredPeriodicTasks.Of(this))
        {
            AddPeriodicTask(task);
        }
    }

    /// <summary>The registered tasks, in registration order.</summary>
    public IReadOnlyList<PeriodicTask> Tasks => [.. Snapshot().Select(e => e.Task)];

    /// <summary>
    /// Runs the tasks that are not <see cref="PeriodicTaskRunOn.EveryWorker"/> (set by Oslo.Service.Coordination's
    /// <c>UseCoordination</c>); without it such a task cannot start (<see cref="RequiresGate"/>).
    /// </summary>
    public IPeriodicTaskGate? Gate { get; set; }

    /// <summary>The first registered task that needs <see cref="Gate"/> while it is not set; null when none does.</summary>
    public PeriodicTask? RequiresGate => Gate is null ? Snapshot().Select(e => e.Task).FirstOrDefault(t => t.RunOn != PeriodicTaskRunOn.EveryWorker) : null;

    /// <summary>The logger of this set.</summary>
    protected ILogger Logger { get; }

    /// <summary>
    /// Adds a task to this instance (not to its class). A disabled task or one with a negative spacing is logged
    /// and not added; a zero spacing becomes <see cref="DefaultInterval"/>. Unless it runs immediately, its first run
    /// is one spacing from now.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <returns>Whether the task was added.</returns>
    /// <exception cref="ArgumentException">A task with the same name is already registered.</exception>
    public bool AddPeriodicTask(PeriodicTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Spacing < TimeSpan.Zero)
        {
            Logger.PeriodicTaskSkippedNegative(task.Name);
            return false;
        }

        if (!task.Enabled)
        {
            Logger.PeriodicTaskSkippedDisabled(task.Name);
            return false;
        }

        Entry entry = new(task, PeriodicSchedule.EffectiveSpacing(task.Spacing, DefaultInterval), $"{_typeName}.{task.Name}")
        {
            LastRun = task.RunImmediately ? null : Now(),
        };
        lock (_gate)
        {
            if (!_names.Add(task.Name))
            {
                throw new ArgumentException($"A periodic task named '{task.Name}' is already registered on {_typeName}.", nameof(task));
            }

            _entries.Add(entry);
            _snapshot = null; // a pass in progress keeps iterating its own snapshot
        }

        return true;
    }

    /// <summary>
    /// Runs every due task once, in registration order, and returns how long to idle before the next pass (oslo's
    /// <c>run_periodic_tasks</c>). A task's new last run is recorded before it runs, snapped to its spacing boundary
    /// plus oslo's 0–5% jitter. The idle time is at most <see cref="DefaultInterval"/> and at most every considered
    /// task's spacing, and is measured at the end of the pass.
    /// </summary>
    /// <param name="context">The context given to every task.</param>
    /// <param name="raiseOnError">Whether a task's exception ends the pass and propagates; otherwise it is logged
    /// ("Error during Class.task") and the other tasks still run.</param>
    /// <param name="cancellationToken">Given to the tasks; cancellation ends the pass.</param>
    /// <returns>The idle time before the next pass.</returns>
    public async Task<TimeSpan> RunPeriodicTasksAsync(object? context, bool raiseOnError = false, CancellationToken cancellationToken = default)
    {
        Entry[] entries = Snapshot();
        bool runExternal = _runExternalPeriodicTasks();
        bool logRuns = Logger.IsEnabled(LogLevel.Debug);
        // oslo reads the clock for every task; time only moves meaningfully while a task runs, so reading it once
        // and again after each task run gives the same decisions at a fraction of the cost for thousands of tasks.
        TimeSpan now = Now();
        // The idle time is min(spacing, last + spacing − end) over the considered tasks; both minima are gathered
        // in this one walk (the walk, not the tasks, is the cost of a pass with thousands of tasks).
        TimeSpan shortestSpacing = DefaultInterval;
        TimeSpan earliestDue = TimeSpan.MaxValue;
        foreach (Entry entry in entries)
        {
            if (entry.ExternalProcessOk && !runExternal)
            {
                continue;
            }

            shortestSpacing = Min(shortestSpacing, entry.Spacing);
            if (entry.LastRun is { } last && last + entry.Spacing > now)
            {
                earliestDue = Min(earliestDue, last + entry.Spacing);
                continue;
            }

            if (logRuns)
            {
                Logger.PeriodicTaskRunning(entry.FullName);
            }

            TimeSpan lateness = entry.LastRun is { } previous ? now - (previous + entry.Spacing) : TimeSpan.Zero;
            TimeSpan lastRun = PeriodicSchedule.NearestBoundary(entry.LastRun, entry.Spacing, now, Jitter.Uniform(_random));
            entry.LastRun = lastRun;
            earliestDue = Min(earliestDue, lastRun + entry.Spacing);
            try
            {
                await RunEntryAsync(entry, context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!raiseOnError && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                Logger.PeriodicTaskFailed(ex, entry.FullName);
                ServiceMetrics.PeriodicTaskFailures.Add(1, ServiceMetrics.Tag("oslo.periodic_task.name", entry.FullName));
            }

            TimeSpan started = now;
            now = Now();
            ServiceMetrics.RecordPeriodicRun(entry.FullName, lateness, now - started);
        }

        TimeSpan idle = earliestDue == TimeSpan.MaxValue ? shortestSpacing : Min(shortestSpacing, earliestDue - Now());
        return idle > TimeSpan.Zero ? idle : TimeSpan.Zero;
    }

    /// <summary>
    /// Runs every due task once, concurrently, at most <paramref name="maxParallelism"/> at a time, and returns the
    /// idle time before the next pass (oslo.service 4.x's <c>run_periodic_tasks_in_parallel</c>). The due tasks and
    /// their new last runs are decided as by <see cref="RunPeriodicTasksAsync"/> before any of them starts; a pass
    /// ends when all of them have.
    /// </summary>
    /// <remarks>
    /// oslo runs them in a pool of spawned processes, which needs the tasks and the context to pickle; here they run
    /// on the thread pool of this process, so the tasks must be safe to run at the same time as each other (a task is
    /// never run twice at once: a pass waits for all its tasks).
    /// </remarks>
    /// <param name="context">The context given to every task.</param>
    /// <param name="raiseOnError">Whether a task's exception propagates (the first to fail, once every task has
    /// ended); otherwise each is logged ("Error during Class.task").</param>
    /// <param name="maxParallelism">How many tasks may run at once; <see cref="Environment.ProcessorCount"/> when null
    /// (oslo's pool default, one process per CPU).</param>
    /// <param name="cancellationToken">Given to the tasks; cancellation ends the pass.</param>
    /// <returns>The idle time before the next pass.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxParallelism"/> is less than 1.</exception>
    public async Task<TimeSpan> RunPeriodicTasksInParallelAsync(object? context, bool raiseOnError = false, int? maxParallelism = null, CancellationToken cancellationToken = default)
    {
        int bound = maxParallelism ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1, nameof(maxParallelism));
        Entry[] entries = Snapshot();
        bool runExternal = _runExternalPeriodicTasks();
        TimeSpan now = Now();
        TimeSpan shortestSpacing = DefaultInterval;
        TimeSpan earliestDue = TimeSpan.MaxValue;
        var due = new List<Entry>();
        foreach (Entry entry in entries)
        {
            if (entry.ExternalProcessOk && !runExternal)
            {
                continue;
            }

            shortestSpacing = Min(shortestSpacing, entry.Spacing);
            if (entry.LastRun is { } last && last + entry.Spacing > now)
            {
                earliestDue = Min(earliestDue, last + entry.Spacing);
                continue;
            }

            entry.LastRun = PeriodicSchedule.NearestBoundary(entry.LastRun, entry.Spacing, now, Jitter.Uniform(_random));
            earliestDue = Min(earliestDue, entry.LastRun.Value + entry.Spacing);
            due.Add(entry);
        }

        var failures = new System.Collections.Concurrent.ConcurrentQueue<(Entry Entry, Exception Error)>();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = bound, CancellationToken = cancellationToken }, async (entry, ct) =>
        {
            if (Logger.IsEnabled(LogLevel.Debug))
            {
                Logger.PeriodicTaskRunning(entry.FullName);
            }

            try
            {
                await RunEntryAsync(entry, context, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                failures.Enqueue((entry, ex));
            }
        }).ConfigureAwait(false);

        foreach ((Entry entry, Exception error) in failures)
        {
            if (raiseOnError)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }

            Logger.PeriodicTaskFailed(error, entry.FullName);
        }

        TimeSpan idle = earliestDue == TimeSpan.MaxValue ? shortestSpacing : Min(shortestSpacing, earliestDue - Now());
        return idle > TimeSpan.Zero ? idle : TimeSpan.Zero;
    }

    /// <summary>The recorded last run of a task, on this instance's clock (zero = its creation); null if never run and immediate.</summary>
    /// <param name="name">The task's name.</param>
    /// <returns>The last run.</returns>
    internal TimeSpan? LastRun(string name) => Snapshot().First(e => e.Task.Name == name).LastRun;

    /// <summary>The effective spacing of a registered task.</summary>
    /// <param name="name">The task's name.</param>
    /// <returns>The spacing.</returns>
    internal TimeSpan SpacingOf(string name) => Snapshot().First(e => e.Task.Name == name).Spacing;

    /// <summary>The current time on this instance's clock: the time since it was created.</summary>
    /// <returns>The time.</returns>
    internal TimeSpan Now() => _timeProvider.GetElapsedTime(_origin);

    private async ValueTask RunEntryAsync(Entry entry, object? context, CancellationToken cancellationToken)
    {
        if (entry.Task.RunOn == PeriodicTaskRunOn.EveryWorker)
        {
            await entry.Callback(context, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            IPeriodicTaskGate gate = Gate ?? throw new InvalidOperationException(
                $"The periodic task {entry.FullName} runs {entry.Task.RunOn}, which needs a coordination backend ([coordination] backend_url).");
            await gate.RunAsync(entry.Task, ct => entry.Callback(context, ct), cancellationToken).ConfigureAwait(false);
        }
    }

    private Entry[] Snapshot()
    {
        lock (_gate)
        {
            return _snapshot ??= [.. _entries];
        }
    }

    private static Func<bool> RegisterPeriodicOpts(ConfigOpts conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        conf.RegisterOpts(ServiceOptions.PeriodicOpts);
        return () => conf.Get(ServiceOptions.RunExternalPeriodicTasks);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class Entry(PeriodicTask task, TimeSpan spacing, string fullName)
    {
        public PeriodicTask Task { get; } = task;

        // Copied from the task so that a pass over thousands of entries reads one object per entry.
        public Func<object?, CancellationToken, ValueTask> Callback { get; } = task.Callback;

        public bool ExternalProcessOk { get; } = task.ExternalProcessOk;

        public TimeSpan Spacing { get; } = spacing;

        public string FullName { get; } = fullName;

        public TimeSpan? LastRun { get; set; }
    }
}
