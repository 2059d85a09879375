using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Oslo.Config;
using Oslo.Service.Launching;
using Oslo.Service.Supervision;

namespace Oslo.Service.Hosting;

/// <summary>
/// Runs a whole Generic Host app (<see cref="IHost"/>, e.g. an ASP.NET Core app) as one oslo service, so it gets
/// oslo's launcher, signals and systemd support (and, with the process launcher, N workers).
/// </summary>
/// <remarks>
/// A Host cannot start again once stopped, so a SIGHUP reload (stop, reset, start) builds a fresh Host from the
/// factory; with <see cref="RestartMethod.Mutate"/> the Host keeps running and reset reloads its
/// <see cref="IConfigurationRoot"/>. Build the Host with <see cref="OsloHostingExtensions.UseOsloServiceLifetime"/>
/// so that its default console lifetime does not handle SIGTERM and SIGINT behind the launcher's back.
/// </remarks>
public sealed class HostAdapter : ServiceBase
{
    private readonly Func<IHost> _factory;
    private IHost? _host;
    private IHost? _given;
    private TaskCompletionSource _stopped = NewStopped();

    /// <summary>Runs Hosts built by <paramref name="factory"/> (called at each start).</summary>
    public HostAdapter(Func<IHost> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
    }

    /// <summary>Runs one already built Host. A reload cannot restart it: use the factory constructor for that.</summary>
    public HostAdapter(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _given = host;
        IsSingleUse = true;
        _factory = () => Interlocked.Exchange(ref _given, null) ?? throw new InvalidOperationException(
            "This Host was stopped and a Generic Host cannot start again; give HostAdapter a Func<IHost> factory, or use RestartMethod.Mutate.");
    }

    /// <summary>True when given one built Host (which cannot start again after a stop), false with a factory.</summary>
    internal bool IsSingleUse { get; }

    /// <summary>The running Host, or null before the first start and after a stop.</summary>
    public IHost? Host => Volatile.Read(ref _host);

    /// <inheritdoc/>
    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped.Task.IsCompleted)
        {
            _stopped = NewStopped();
        }

        IHost host = _factory();
        Volatile.Write(ref _host, host);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception) when (WorkerContext.Current is { } worker && IsAddressInUse(exception))
        {
            // Each worker binding the app's URLs itself (UseUrls, --urls) collides with its siblings: say how to share.
            throw new OsloStartupException(
                $"Worker {worker.WorkerId}: {exception.Message} Every worker process binds the app's endpoints itself here; "
                + "bind them once in the parent and let the workers inherit them: builder.UseOsloWorkers() (package Oslo.Service.AspNetCore) "
                + "does it for the endpoints Kestrel is configured with, or bind with InheritedSockets.BindOrInherit and give Kestrel ListenHandle.",
                exception);
        }
    }

    // Kestrel's AddressInUseException lives in ASP.NET Core, which this assembly does not reference.
    private static bool IsAddressInUse(Exception exception) =>
        exception.InnerException?.GetType().FullName == "Microsoft.AspNetCore.Connections.AddressInUseException";

    /// <inheritdoc/>
    public override async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        IHost? host = Interlocked.Exchange(ref _host, null);
        try
        {
            if (host is null)
            {
                return;
            }

            using var stopToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (!graceful)
            {
                await stopToken.CancelAsync().ConfigureAwait(false);
            }

            await host.StopAsync(stopToken.Token).ConfigureAwait(false);
            if (host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                host.Dispose();
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <inheritdoc/>
    public override Task WaitAsync(CancellationToken cancellationToken = default) => _stopped.Task.WaitAsync(cancellationToken);

    /// <summary>Reloads the running Host's configuration (<see cref="IConfigurationRoot.Reload"/>), if it has one.</summary>
    public override Task ResetAsync(CancellationToken cancellationToken = default)
    {
        if (Host?.Services.GetService<IConfiguration>() is IConfigurationRoot root)
        {
            root.Reload();
        }

        return Task.CompletedTask;
    }

    private static TaskCompletionSource NewStopped() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
