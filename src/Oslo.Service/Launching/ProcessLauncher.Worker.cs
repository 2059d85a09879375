using Oslo.Service.Supervision;

namespace Oslo.Service.Launching;

public sealed partial class ProcessLauncher
{
    private static readonly TimeSpan s_parentDeathStopBudget = TimeSpan.FromMilliseconds(500);

    private WorkerAgent? _agent;
    private ServiceBase? _spareService;

    private void LaunchInWorker(ServiceBase service)
    {
        if (_worker!.IsSpare)
        {
            // A spare has loaded the program and built the service; it starts only once promoted.
            _spareService = service;
            return;
        }

        Logger.WorkerStarting(_worker.WorkerId, service.ToString(), Environment.ProcessId);
        Services.Add(service);
    }

    private async Task<int> WaitAsWorkerAsync(WorkerIdentity worker, CancellationToken cancellationToken)
    {
        using var agent = new WorkerAgent(worker);
        _agent = agent;
        if (_spareService is not null)
        {
            Logger.SpareWaiting(_spareService.ToString(), Environment.ProcessId);
            int? id = await agent.WaitForPromotionAsync().ConfigureAwait(false);
            if (id is not int workerId)
            {
                OnParentDied();
                return 1;
            }

            WorkerContext.Set(new WorkerContext(worker.ServiceIndex, workerId));
            Logger.WorkerStarting(workerId, _spareService.ToString(), Environment.ProcessId);
            Services.Add(_spareService);
        }

        agent.WatchParent(OnParentDied);
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

        FlushOwnedLogging();
        Environment.Exit(1);
    }
}
