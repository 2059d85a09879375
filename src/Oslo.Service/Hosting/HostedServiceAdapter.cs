using Microsoft.Extensions.Hosting;

using Oslo.Service.Launching;

namespace Oslo.Service.Hosting;

/// <summary>
/// Runs a Generic Host <see cref="IHostedService"/> (a <see cref="BackgroundService"/>, or any hosted service) as an
/// oslo service. <see cref="IHostedLifecycleService"/> callbacks run in the Host's order around start and stop.
/// </summary>
/// <remarks>
/// A non-graceful stop hands the hosted service an already-cancelled token, which is how the Host says "stop now"
/// (a <see cref="BackgroundService"/> then stops awaiting its <c>ExecuteAsync</c>). Reset does nothing: a hosted
/// service has no reset; read options through <c>IOptionsMonitor</c> to see reloaded values.
/// </remarks>
public sealed class HostedServiceAdapter : ServiceBase
{
    private TaskCompletionSource _stopped = NewStopped();

    /// <summary>Wraps <paramref name="hostedService"/>.</summary>
    public HostedServiceAdapter(IHostedService hostedService)
    {
        ArgumentNullException.ThrowIfNull(hostedService);
        HostedService = hostedService;
    }

    /// <summary>The wrapped hosted service.</summary>
    public IHostedService HostedService { get; }

    /// <inheritdoc/>
    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped.Task.IsCompleted)
        {
            _stopped = NewStopped();
        }

        if (HostedService is IHostedLifecycleService lifecycle)
        {
            await lifecycle.StartingAsync(cancellationToken).ConfigureAwait(false);
            await lifecycle.StartAsync(cancellationToken).ConfigureAwait(false);
            await lifecycle.StartedAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await HostedService.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        using var stopToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!graceful)
        {
            await stopToken.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            if (HostedService is IHostedLifecycleService lifecycle)
            {
                await lifecycle.StoppingAsync(stopToken.Token).ConfigureAwait(false);
                await lifecycle.StopAsync(stopToken.Token).ConfigureAwait(false);
                await lifecycle.StoppedAsync(stopToken.Token).ConfigureAwait(false);
            }
            else
            {
                await HostedService.StopAsync(stopToken.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <inheritdoc/>
    public override Task WaitAsync(CancellationToken cancellationToken = default) => _stopped.Task.WaitAsync(cancellationToken);

    /// <inheritdoc/>
    public override Task ResetAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc/>
    public override string ToString() => HostedService.GetType().Name;

    private static TaskCompletionSource NewStopped() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
