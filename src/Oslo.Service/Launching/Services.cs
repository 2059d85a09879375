using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Service.Logging;

namespace Oslo.Service.Launching;

/// <summary>
/// Runs services in this process (oslo's <c>Services</c>): starts each as soon as it is added, stops them all,
/// waits for them, and restarts them on SIGHUP according to the <see cref="Launching.RestartMethod"/>.
/// </summary>
public sealed class Services
{
    private readonly List<ServiceBase> _services = [];
    private readonly List<Task> _starts = [];
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private CancellationTokenSource _startCancellation = new();
    private TaskCompletionSource _done = NewDone();

    /// <summary>Creates an empty set of services.</summary>
    /// <param name="restartMethod">What <see cref="RestartAsync"/> does.</param>
    /// <param name="logger">Where start and stop failures are logged.</param>
    /// <exception cref="ArgumentException">"Invalid restart_method: …" for a value outside the enum.</exception>
    public Services(RestartMethod restartMethod = RestartMethod.Reload, ILogger? logger = null)
    {
        RestartMethod = RestartMethods.Validate(restartMethod);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>What <see cref="RestartAsync"/> does.</summary>
    public RestartMethod RestartMethod { get; }

    /// <summary>The services, in the order they were added (and started).</summary>
    public IReadOnlyList<ServiceBase> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _services];
            }
        }
    }

    /// <summary>Adds a service and starts it at once, in the background (oslo starts it in a green thread).</summary>
    /// <remarks>A failing start is logged as oslo does ("Error starting thread.") and faults <see cref="WhenStartedAsync"/>.</remarks>
    public void Add(ServiceBase service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            _services.Add(service);
            _starts.Add(RunStartAsync(service, _startCancellation.Token));
        }
    }

    /// <summary>Completes when every service added so far has started; faults with the first start failure.</summary>
    public Task WhenStartedAsync()
    {
        lock (_lock)
        {
            return WhenAllOrFirstFailure([.. _starts]);
        }
    }

    /// <summary>
    /// Stops every service in reverse start order, collecting failures and throwing them once, then releases
    /// <see cref="WaitAsync"/>. Cancels starts still in flight and waits for them to return. Safe to call twice.
    /// </summary>
    /// <param name="graceful">Passed to each <see cref="ServiceBase.StopAsync"/>.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up waiting.</param>
    public async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        ServiceBase[] services;
        Task[] starts;
        lock (_lock)
        {
            services = [.. _services];
            starts = [.. _starts];
            _startCancellation.Cancel();
        }

        var errors = new List<Exception>();
        for (int i = services.Length - 1; i >= 0; i--)
        {
            try
            {
                await services[i].StopAsync(graceful, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.ServiceStopFailed(services[i].ToString() ?? services[i].GetType().Name, exception);
                errors.Add(exception);
            }
        }

        // A start that is still running must not outlive the stop; its failure was already logged.
        await Task.WhenAll(starts).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        _done.TrySetResult();
        if (errors.Count > 0)
        {
            throw new AggregateException("One or more services failed to stop.", errors);
        }
    }

    /// <summary>Completes once <see cref="StopAsync"/> has run and every service's <see cref="ServiceBase.WaitAsync"/> has returned.</summary>
    /// <param name="cancellationToken">Cancelled when the caller gives up waiting.</param>
    public async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        Task done;
        lock (_lock)
        {
            done = _done.Task;
        }

        await done.WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (ServiceBase service in Items)
        {
            await service.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// oslo's <c>Services.restart()</c>. <see cref="RestartMethod.Reload"/>: graceful stop, wait, then
    /// <see cref="ServiceBase.ResetAsync"/> of each service in order, then <see cref="ServiceBase.StartAsync"/> of
    /// each again (same instances, in the background as <see cref="Add"/> does); completes when all have started.
    /// Every reset comes before any start, as in oslo, whose green threads only run once the reset loop yields.
    /// <see cref="RestartMethod.Mutate"/>: only reset, in order.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the caller gives up waiting.</param>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (RestartMethod == RestartMethod.Mutate)
        {
            foreach (ServiceBase service in Items)
            {
                await service.ResetAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await StopAsync(graceful: true, cancellationToken).ConfigureAwait(false);
        await WaitAsync(cancellationToken).ConfigureAwait(false);
        ServiceBase[] services;
        CancellationToken startToken;
        lock (_lock)
        {
            services = [.. _services];
            _starts.Clear();
            _startCancellation.Dispose();
            _startCancellation = new CancellationTokenSource();
            startToken = _startCancellation.Token;
            _done = NewDone();
        }

        foreach (ServiceBase service in services)
        {
            await service.ResetAsync(cancellationToken).ConfigureAwait(false);
        }

        lock (_lock)
        {
            foreach (ServiceBase service in services)
            {
                _starts.Add(RunStartAsync(service, startToken));
            }
        }

        await WhenStartedAsync().ConfigureAwait(false);
    }

    private async Task RunStartAsync(ServiceBase service, CancellationToken cancellationToken)
    {
        // Never start on the caller's stack: LaunchService returns at once, as oslo's green thread does.
        await Task.Yield();
        try
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            _logger.ServiceStartFailed(service.ToString() ?? service.GetType().Name, exception);
            throw;
        }
    }

    private static async Task WhenAllOrFirstFailure(Task[] tasks)
    {
        var pending = new List<Task>(tasks);
        while (pending.Count > 0)
        {
            Task finished = await Task.WhenAny(pending).ConfigureAwait(false);
            await finished.ConfigureAwait(false);
            pending.Remove(finished);
        }
    }

    private static TaskCompletionSource NewDone() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
