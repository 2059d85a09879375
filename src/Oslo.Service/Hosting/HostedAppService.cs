using Microsoft.Extensions.Hosting;

using Oslo.Service.Launching;

namespace Oslo.Service.Hosting;

/// <summary>
/// The app's own Host, seen by the worker's launcher as its one service. The Host is started and stopped by
/// <c>app.Run()</c>, not by the launcher: "start" waits until the Host has started and the app is ready (its health
/// checks Healthy), which is when the worker reports ready to the parent; "stop" asks the Host to stop and waits
/// until it has. In the parent the same object only names the app in log lines and is never started.
/// </summary>
internal sealed class HostedAppService(
    string name,
    IHostApplicationLifetime lifetime,
    IEnumerable<IOsloWorkerReadiness> readiness,
    IEnumerable<IOsloWorkerDrain>? drains = null) : ServiceBase, IDrainableService
{
    private readonly TaskCompletionSource _startRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _hostStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the launcher starts the service: at once in a worker, at the promotion in a spare.</summary>
    internal Task StartRequested => _startRequested.Task;

    /// <summary>Completes once the Host has stopped every hosted service.</summary>
    internal Task HostStopped => _hostStopped.Task;

    /// <summary>True once the launcher has asked for the stop (a signal, the parent's death).</summary>
    internal bool StopRequested { get; private set; }

    /// <summary>Called by the worker's hosted service once the Host's stop has finished.</summary>
    internal void OnHostStopped() => _hostStopped.TrySetResult();

    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _startRequested.TrySetResult();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenRegistration onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using CancellationTokenRegistration onStopping = lifetime.ApplicationStopping.Register(
            () => started.TrySetException(new InvalidOperationException("The Host stopped before it had started.")));
        await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (IOsloWorkerReadiness check in readiness)
        {
            await check.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM with <c>drain_delay</c>: the app's health checks report Unhealthy while it keeps serving.</summary>
    public bool BeginDrain()
    {
        bool announced = false;
        foreach (IOsloWorkerDrain drain in drains ?? [])
        {
            announced |= drain.BeginDrain();
        }

        return announced;
    }

    public override async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        // Before the promotion of a spare, the Host is still waiting in its first hosted service's start: release it.
        StopRequested = true;
        _startRequested.TrySetResult();
        lifetime.StopApplication();
        await _hostStopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override Task WaitAsync(CancellationToken cancellationToken = default) => _hostStopped.Task.WaitAsync(cancellationToken);

    // The configuration was reloaded by the launcher (restart method mutate); IOptionsMonitor has seen it.
    public override Task ResetAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override string ToString() => name;
}
