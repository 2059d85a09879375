using Oslo.Config;

namespace Oslo.Service.Extensions;

/// <summary>
/// Something a launcher starts in each process it runs services in (the single process of a
/// <see cref="Launching.ServiceLauncher"/>, each worker and the parent of a process launcher) and stops when that
/// process stops. The seam through which optional assemblies such as <c>Oslo.Service.Backdoor</c> plug into the
/// launchers without the core referencing them.
/// </summary>
public interface IProcessExtension
{
    /// <summary>A short name for log lines ("backdoor").</summary>
    string Name { get; }

    /// <summary>
    /// The options this extension acts on. When one of the options the core knows an extension for is set and no
    /// added extension claims it, the launcher warns at start (see <see cref="ProcessExtensions"/>).
    /// </summary>
    IReadOnlyList<Opt> Options { get; }

    /// <summary>Starts the extension in this process.</summary>
    /// <param name="context">The process: its configuration, launcher, services, role and logging.</param>
    /// <param name="cancellationToken">Cancelled when the launcher gives up starting.</param>
    /// <exception cref="Exception">A configuration error the operator must fix; the launcher does not start.</exception>
    ValueTask StartAsync(ProcessExtensionContext context, CancellationToken cancellationToken = default);

    /// <summary>Stops the extension and releases what it holds (sockets, files). Safe to call twice.</summary>
    /// <param name="cancellationToken">Cancelled when the launcher gives up waiting.</param>
    ValueTask StopAsync(CancellationToken cancellationToken = default);
}
