using Microsoft.Extensions.Logging;

using Oslo.Service.Interop;

namespace Oslo.Service.Supervision;

/// <summary>
/// Kills workers that hang: one that has not reported ready (or, for a spare, spare-ready) within
/// <c>boot_timeout</c>, and a ready one whose last message is older than <c>heartbeat_timeout</c>. The kill is a
/// SIGKILL; the pool then handles the exit as any other (a boot timeout counts as a boot failure). A hung worker's
/// stacks are logged before its kill (<see cref="HungWorkerStacks"/>, <c>hung_worker_stacks_command</c>), captured
/// from when it is half-way to its timeout, and the kill comes within <see cref="HungWorkerStacks.KillBound"/> of the
/// decision.
/// </summary>
internal sealed class WorkerWatchdog(
    Func<SupervisionSettings> settings,
    Func<IReadOnlyList<WorkerProcess>> currentWorkers,
    TimeProvider timeProvider,
    ILogger logger,
    HungWorkerStacks stacks) : IDisposable
{
    private readonly HashSet<WorkerProcess> _killing = [];
    private ITimer? _heartbeatTimer;

    /// <summary>Starts the periodic heartbeat check, when <c>heartbeat_timeout</c> is set.</summary>
    internal void Start()
    {
        SupervisionSettings current = settings();
        if (current.HeartbeatTimeout > TimeSpan.Zero)
        {
            _heartbeatTimer = timeProvider.CreateTimer(
                static self => ((WorkerWatchdog)self!).CheckHeartbeats(), this, current.HeartbeatInterval, current.HeartbeatInterval);
        }
    }

    /// <summary>
    /// Kills <paramref name="worker"/> if <paramref name="booted"/> has not completed within <c>boot_timeout</c>: a
    /// worker that hangs before its heartbeats start is caught only by this.
    /// </summary>
    internal void WatchBoot(WorkerProcess worker, Task booted)
    {
        TimeSpan timeout = settings().BootTimeout;
        if (timeout > TimeSpan.Zero)
        {
            _ = WatchBootAsync(worker, booted, timeout);
        }
    }

    /// <summary>Stops the heartbeat check.</summary>
    public void Dispose() => _heartbeatTimer?.Dispose();

    private async Task WatchBootAsync(WorkerProcess worker, Task booted, TimeSpan timeout)
    {
        // No exception on this path: a worker that exits before it is ready faults its readiness, and a first
        // throw costs a process milliseconds it should spend replacing the worker.
        await booted.WaitAsync(timeout, timeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!booted.IsCompleted && !worker.Retiring && !worker.Exited.IsCompleted)
        {
            logger.WorkerBootTimedOut(worker.Pid, worker.WorkerId ?? WorkerIdentity.SpareWorkerId, timeout.TotalSeconds);
            worker.Signal(SignalNumbers.SigKill);
        }
    }

    private void CheckHeartbeats()
    {
        TimeSpan timeout = settings().HeartbeatTimeout;
        IReadOnlyList<WorkerProcess> workers = currentWorkers();
        var hung = new List<WorkerProcess>();
        lock (_killing)
        {
            _killing.IntersectWith(workers);
            stacks.Forget(workers);
            foreach (WorkerProcess worker in workers)
            {
                if (!worker.IsReady || worker.Retiring || _killing.Contains(worker))
                {
                    continue;
                }

                TimeSpan since = worker.SinceHeartbeat;
                if (since > timeout)
                {
                    logger.HeartbeatTimedOut(worker.Pid, worker.WorkerId ?? WorkerIdentity.SpareWorkerId, since.TotalSeconds);
                    worker.EndReason = RestartReasons.Hung;
                    _ = _killing.Add(worker);
                    hung.Add(worker);
                }
                else if (since > timeout / 2)
                {
                    stacks.Suspect(worker);
                }
                else
                {
                    stacks.Clear(worker);
                }
            }
        }

        if (hung.Count > 0)
        {
            _ = stacks.KillAsync(hung, "no heartbeat for heartbeat_timeout");
        }
    }
}
