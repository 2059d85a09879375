using Oslo.Service.Supervision;

namespace Oslo.Service.Launching;

public sealed partial class ProcessLauncher
{
    private static readonly TimeSpan s_parentDeathStopBudget = TimeSpan.FromMilliseconds(500);

    // Continuations run inline on the control socket's reader: the promoted service starts without another hop.
    private readonly TaskCompletionSource<int> _promotion = new();
    private WorkerAgent? _agent;
    private ServiceBase? _spareService;

    private void LaunchInWorker(ServiceBase service)
    {
        // The ServiceLauncher's launch takes over SIGTERM, SIGINT and SIGHUP now, so a signal that arrives while the
        // worker is still starting is queued for its loop instead of killing it.
        if (_worker!.IsSpare)
        {
            // A spare has loaded the program and built the service; it starts only once promoted.
            _spareService = service;
            base.LaunchService(new SpareSlot(service, _worker.ServiceIndex, _promotion.Task, Logger), 1);
            return;
        }

        Logger.WorkerStarting(_worker.WorkerId, service.ToString(), Environment.ProcessId);
        base.LaunchService(service, 1);
    }

    private async Task<int> WaitAsWorkerAsync(WorkerIdentity worker, CancellationToken cancellationToken)
    {
        using var agent = new WorkerAgent(worker);
        _agent = agent;
        agent.WatchParent(OnParentDied, workerId => _promotion.TrySetResult(workerId));
        if (_spareService is not null)
        {
            Logger.SpareWaiting(worker.ServiceIndex, _spareService.ToString(), Environment.ProcessId);
            agent.Send(ControlMessage.SpareReady);
        }

        agent.StartHeartbeats(_timeProvider);
        _ = Ready.ContinueWith(
            static (_, state) => ((WorkerAgent)state!).Send(ControlMessage.Ready),
            agent,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return await base.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnParentDied()
    {
        // oslo: log, stop the launcher, exit 1. The stop gets a short budget so the worker is gone within a second.
        Logger.ParentDied();
        try
        {
            _ = Services.StopAsync(graceful: false).Wait(s_parentDeathStopBudget);
        }
        catch (AggregateException)
        {
            // Stopping failed; exiting anyway.
        }

        FlushLoggingBeforeExit();
        Environment.Exit(1);
    }
}
