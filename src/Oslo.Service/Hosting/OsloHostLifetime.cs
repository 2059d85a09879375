using Microsoft.Extensions.Hosting;

namespace Oslo.Service.Hosting;

/// <summary>
/// An <see cref="IHostLifetime"/> that leaves signals to the oslo launcher: it neither waits before start nor
/// registers SIGTERM/SIGINT/SIGQUIT handlers nor blocks process exit, unlike the default console lifetime.
/// </summary>
public sealed class OsloHostLifetime : IHostLifetime
{
    /// <inheritdoc/>
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
