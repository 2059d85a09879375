using Microsoft.Extensions.Logging;

using Oslo.Service.Launching;

namespace Oslo.Service.Supervision;

/// <summary>
/// A worker's view of the configuration: as the parent's, except that <c>graceful_shutdown_timeout</c> is enforced
/// by the parent only (oslo's children arm no alarm), so a worker never races its parent's SIGKILL at the deadline.
/// </summary>
internal sealed class WorkerLauncherConfig(ILauncherConfig inner) : ILauncherConfig
{
    /// <inheritdoc/>
    public TimeSpan GracefulShutdownTimeout => TimeSpan.Zero;

    /// <inheritdoc/>
    public TimeSpan DrainDelay => inner.DrainDelay;

    /// <inheritdoc/>
    public bool LogOptions => inner.LogOptions;

    /// <inheritdoc/>
    public void RegisterServiceOptions() => inner.RegisterServiceOptions();

    /// <inheritdoc/>
    public bool ReloadConfigFiles() => inner.ReloadConfigFiles();

    /// <inheritdoc/>
    public bool MutateConfigFiles() => inner.MutateConfigFiles();

    /// <inheritdoc/>
    public void LogOptionValues(ILogger logger) => inner.LogOptionValues(logger);
}
