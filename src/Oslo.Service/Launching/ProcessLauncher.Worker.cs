using System.Runtime.InteropServices;

using Oslo.Service.Signals;
using Oslo.Service.Supervision;

namespace Oslo.Service.Launching;

public sealed partial class ProcessLauncher
{
    private static readonly TimeSpan s_parentDeathStopBudget = TimeSpan.FromMilliseconds(500);
    private static readonly PosixSignal[] s_spareSignals = [PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP];

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
        // The ServiceLauncher's launch takes over SIGTERM, SIGINT and SIGHUP now, so a signal that arrives while the
        // worker is still starting is queued for its loop instead of killing it.
        base.LaunchService(service, 1);
    }

    private async Task<int> WaitAsWorkerAsync(WorkerIdentity worker, CancellationToken cancellationToken)
    {
        using var agent = new WorkerAgent(worker);
        _agent = agent;
        if (_spareService is not null)
        {
            var stopSignal = new TaskCompletionSource<PosixSignal>(TaskCreationOptions.RunContinuationsAsynchronously);
            // A spare has started nothing: SIGTERM and SIGINT end it at once (exit 0 and 1, as a worker's), and SIGHUP
            // is ignored (the parent replaces its spares on reload). Without this their default action would kill it.
            using IDisposable spareSignals = new PosixSignalSource(Logger).Subscribe(
                s_spareSignals,
                signal =>
                {
                    if (signal != PosixSignal.SIGHUP)
                    {
                        stopSignal.TrySetResult(signal);
                    }
                });
            Logger.SpareWaiting(_spareService.ToString(), Environment.ProcessId);
            Task<int?> promotion = agent.WaitForPromotionAsync();
            if (await Task.WhenAny(promotion, stopSignal.Task).ConfigureAwait(false) == stopSignal.Task)
            {
                PosixSignal signal = await stopSignal.Task.ConfigureAwait(false);
                Logger.SpareStopped(SignalNames.ToName(signal), Environment.ProcessId);
                return signal == PosixSignal.SIGINT ? 1 : 0;
            }

            if (await promotion.ConfigureAwait(false) is not int workerId)
            {
                OnParentDied();
                return 1;
            }

            WorkerContext.Set(new WorkerContext(worker.ServiceIndex, workerId));
            Logger.WorkerStarting(workerId, _spareService.ToString(), Environment.ProcessId);
            // Takes over the signals before the spare's own handlers go.
            base.LaunchService(_spareService, 1);
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
