using Microsoft.Extensions.Logging;

namespace Oslo.Service.Supervision;

/// <summary>
/// Samples a pool's ready workers once a second and recycles the first one <see cref="RecyclePolicy"/> finds due,
/// through <see cref="WorkerPool.RecycleAsync"/>: the replacement starts and reports ready before the old worker
/// drains. At most one recycle of the pool is in flight; while a reload rolls the pool refuses recycles, and the
/// worker is sampled again (and recycled) on a later tick.
/// </summary>
internal sealed class WorkerRecycler : IDisposable
{
    /// <summary>How often workers are sampled: the memory window is counted in these samples.</summary>
    internal static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly WorkerPool _pool;
    private readonly Func<SupervisionSettings> _settings;
    private readonly ILogger _logger;
    private readonly Func<int, long> _readRss;
    private readonly Func<int, int> _drawJitter;
    private readonly Dictionary<WorkerProcess, WorkerRecycleState> _states = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private int _busy;

    internal WorkerRecycler(WorkerPool pool, Func<SupervisionSettings> settings, TimeProvider timeProvider, ILogger logger,
        Func<int, long> readRss, Func<int, int> drawJitter)
    {
        _pool = pool;
        _settings = settings;
        _logger = logger;
        _readRss = readRss;
        _drawJitter = drawJitter;
        _timer = timeProvider.CreateTimer(static self => ((WorkerRecycler)self!).Tick(), this, SampleInterval, SampleInterval);
    }

    /// <summary>Stops sampling; a recycle in flight is cancelled (its replacement is abandoned, the old worker stays).</summary>
    public void Dispose()
    {
        _timer.Dispose();
        _stopping.Cancel();
    }

    /// <summary>One sample of every ready worker; starts a recycle when one is due and none is in flight.</summary>
    internal void Tick()
    {
        // 1: sampling; 2: a recycle in flight. Either way this tick has nothing to do.
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return;
        }

        (int Id, string Reason)? due = null;
        try
        {
            due = Sample(_settings().Recycle);
        }
        finally
        {
            if (due is { } recycle && !_stopping.IsCancellationRequested)
            {
                _busy = 2;
                _ = RecycleAsync(recycle.Id, recycle.Reason);
            }
            else
            {
                _busy = 0;
            }
        }
    }

    private (int Id, string Reason)? Sample(RecycleSettings settings)
    {
        IReadOnlyList<WorkerProcess> workers = _pool.CurrentWorkers();
        foreach (WorkerProcess gone in _states.Keys.Except(workers).ToList())
        {
            _ = _states.Remove(gone);
        }

        if (!settings.Enabled)
        {
            return null;
        }

        (int Id, string Reason)? due = null;
        foreach (WorkerProcess worker in workers)
        {
            if (worker.Retiring || worker.SinceReady is not { } sinceReady || worker.WorkerId is not { } id)
            {
                continue;
            }

            if (!_states.TryGetValue(worker, out WorkerRecycleState? state))
            {
                state = new WorkerRecycleState(settings.MaxRequestsJitter > 0 ? _drawJitter(settings.MaxRequestsJitter) : 0);
                _states[worker] = state;
            }

            long rss = settings.MaxMemoryBytes > 0 ? _readRss(worker.Pid) : 0;
            string? reason = RecyclePolicy.Sample(settings, state, worker.Requests, sinceReady, rss);
            if (state.OverAtBoot && !state.WarnedOverAtBoot)
            {
                state.WarnedOverAtBoot = true;
                _logger.WorkerOverMemoryAtBoot(id, worker.Pid, rss >> 20, settings.MaxMemoryBytes >> 20);
            }

            // Every worker is sampled on every tick (the memory window needs each sample); the first due one goes.
            due ??= reason is null ? null : (id, reason);
        }

        return due;
    }

    private async Task RecycleAsync(int id, string reason)
    {
        try
        {
            _ = await _pool.RecycleAsync(id, reason, _stopping.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            // A reload is rolling, or the replacement did not become ready: the worker keeps serving and is sampled
            // (and recycled) again on a later tick.
            _logger.RecycleDeferred(id, exception.Message);
        }
        catch (OperationCanceledException)
        {
            // The pool is stopping.
        }
        finally
        {
            _busy = 0;
        }
    }
}
