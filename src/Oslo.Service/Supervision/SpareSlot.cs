using Microsoft.Extensions.Logging;

using Oslo.Service.Launching;

namespace Oslo.Service.Supervision;

/// <summary>
/// What a warm spare runs: the worker's whole launcher loop around a service whose start waits for the promotion,
/// then starts the user's service as the promoted worker. Everything but the service's own start — the loop, its
/// signal handling, the control channel — is running (and compiled) before the promotion, so a promoted spare only
/// has the service's start left to do.
/// </summary>
/// <remarks>
/// A stop before the promotion (SIGTERM; SIGINT exits 1 through the loop) ends the wait, and the spare exits 0
/// without having started anything.
/// </remarks>
internal sealed class SpareSlot(ServiceBase service, int serviceIndex, Task<int> promotion, ILogger logger) : ServiceBase, IDrainableService
{
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private bool _promoted;

    /// <summary>Waits for the promotion, then starts the service as the worker it was promoted to.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (await Task.WhenAny(promotion, _stopped.Task).ConfigureAwait(false) != promotion)
        {
            return;
        }

        int workerId = await promotion.ConfigureAwait(false);
        lock (_lock)
        {
            if (_stopped.Task.IsCompleted)
            {
                return;
            }

            _promoted = true;
        }

        WorkerContext.Set(new WorkerContext(serviceIndex, workerId));
        logger.WorkerStarting(workerId, service.ToString(), Environment.ProcessId);
        await service.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A promoted spare drains as its service does; an unpromoted one has nothing to drain.</summary>
    public bool BeginDrain() => Volatile.Read(ref _promoted) && service is IDrainableService drainable && drainable.BeginDrain();

    /// <summary>Stops the service once promoted; before, only ends the wait for the promotion.</summary>
    public override Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_promoted)
            {
                if (_stopped.TrySetResult())
                {
                    logger.SpareStopped(Environment.ProcessId);
                }

                return Task.CompletedTask;
            }
        }

        return service.StopAsync(graceful, cancellationToken);
    }

    /// <inheritdoc/>
    public override Task WaitAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_promoted)
            {
                return _stopped.Task.WaitAsync(cancellationToken);
            }
        }

        return service.WaitAsync(cancellationToken);
    }

    /// <summary>A spare resets nothing: the parent replaces its spares after every SIGHUP.</summary>
    public override Task ResetAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return _promoted ? service.ResetAsync(cancellationToken) : Task.CompletedTask;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => service.ToString();
}
