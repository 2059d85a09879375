using Microsoft.Extensions.Hosting;

namespace Oslo.Service.Wsgi;

/// <summary>The web host's lifetime inside a launcher: starts at once and handles no signals (the launcher does).</summary>
internal sealed class LauncherOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
