using Oslo.Service.Extensions;

namespace Oslo.Service.Launching;

// The launcher's side of the process-extension seam (Oslo.Service.Extensions). Kept apart from the lifecycle code so
// the launchers only call StartExtensionsAsync / StopExtensionsAsync at the start and the end of a process.
public partial class Launcher
{
    private readonly ProcessExtensions _extensions = new();
    private ProcessExtensionContext? _extensionContext;

    /// <summary>
    /// The extensions this launcher starts in each process it runs (for example the debug console, added by
    /// <c>launcher.UseBackdoor()</c> from <c>Oslo.Service.Backdoor</c>).
    /// </summary>
    public ProcessExtensions Extensions => _extensions;

    /// <summary>
    /// oslo's <c>backdoor_port</c>: the port (digits) or Unix socket path the debug console listens on in this
    /// process; null when none runs.
    /// </summary>
    public string? BackdoorPort => _extensionContext?.BackdoorPort;

    /// <summary>
    /// Starts the added extensions in this process (and warns about backdoor options that none of them handles).
    /// Does nothing when the launcher was not built from a <see cref="Oslo.Config.ConfigOpts"/>.
    /// </summary>
    /// <param name="role">Which process of the launch this is.</param>
    /// <param name="workerId">The worker's index, for <see cref="ProcessRole.Worker"/>.</param>
    /// <param name="workers">The workers, for <see cref="ProcessRole.Parent"/>.</param>
    /// <param name="cancellationToken">Cancelled when the launcher gives up starting.</param>
    private protected async Task StartExtensionsAsync(
        ProcessRole role = ProcessRole.SingleProcess,
        int? workerId = null,
        IWorkerStatusSource? workers = null,
        CancellationToken cancellationToken = default)
    {
        if (Config.Conf is not { } conf)
        {
            return;
        }

        _extensionContext ??= new ProcessExtensionContext(conf, LoggerFactory, () => Services.Items)
        {
            Launcher = this,
            Role = role,
            WorkerId = workerId,
            Workers = workers,
        };
        await _extensions.StartAsync(_extensionContext, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the started extensions in reverse order; failures are logged.</summary>
    private protected Task StopExtensionsAsync() => _extensions.StopAsync(Logger, CancellationToken.None);
}