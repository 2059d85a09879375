using Oslo.Config;
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
    /// Does nothing when the launcher was not built from a <see cref="ConfigOpts"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the launcher gives up starting.</param>
    private protected async Task StartExtensionsAsync(CancellationToken cancellationToken = default)
    {
        if (ExtensionConf is not { } conf)
        {
            return;
        }

        _extensionContext ??= CreateExtensionContext(conf);
        await _extensions.StartAsync(_extensionContext, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the started extensions in reverse order; failures are logged.</summary>
    private protected Task StopExtensionsAsync() => _extensions.StopAsync(Logger, CancellationToken.None);

    /// <summary>The configuration extensions read; null when the launcher was not built from a <see cref="ConfigOpts"/>.</summary>
    private protected virtual ConfigOpts? ExtensionConf => Config.Conf;

    /// <summary>Describes this process to its extensions; a process launcher says parent or worker.</summary>
    /// <param name="conf">The configuration.</param>
    private protected virtual ProcessExtensionContext CreateExtensionContext(ConfigOpts conf) =>
        new(conf, LoggerFactory, () => Services.Items) { Launcher = this };
}
