using Oslo.Config;
using Oslo.Service.Extensions;
using Oslo.Service.Supervision;

namespace Oslo.Service.Launching;

// The ProcessLauncher's side of the process-extension seam: a worker's extensions see Role = Worker and its worker
// id; the parent's see Role = Parent, the user's services (not the worker pools) and the live workers.
public sealed partial class ProcessLauncher : IWorkerStatusSource
{
    private readonly WorkerStatusBook _workerBook = new();

    // The live workers of every launched service (in a worker: none), for the backdoor console.
    // One entry per worker slot, with its pid, uptime and the respawns seen for the slot.
    IReadOnlyList<WorkerStatus> IWorkerStatusSource.GetWorkers()
    {
        if (_worker is not null)
        {
            return [];
        }

        WorkerPool[] pools = _parent?.Pools ?? [];
        return _workerBook.Observe(pools.Select(pool => (pool.ServiceIndex, pool.ToString(), pool.WorkerPids)));
    }

    // A worker's launcher config wraps the parent's (to change some of its values), so read the ConfigOpts itself.
    private protected override ConfigOpts? ExtensionConf => _conf ?? base.ExtensionConf;

    private protected override ProcessExtensionContext CreateExtensionContext(ConfigOpts conf)
    {
        if (_worker is not null)
        {
            return new ProcessExtensionContext(conf, LoggerFactory, () => Services.Items)
            {
                Launcher = this,
                Role = ProcessRole.Worker,
                WorkerId = WorkerContext.Current?.WorkerId ?? _worker.WorkerId,
            };
        }

        // Respawns are counted from pid changes, so the book watches from the moment extensions run in the parent.
        _workerBook.StartWatching(_timeProvider, () => _ = ((IWorkerStatusSource)this).GetWorkers());
        return new ProcessExtensionContext(conf, LoggerFactory, ParentServices)
        {
            Launcher = this,
            Role = ProcessRole.Parent,
            Workers = this,
        };
    }

    private IReadOnlyList<ServiceBase> ParentServices()
    {
        return [.. (_parent?.Pools ?? []).Select(pool => pool.Service)];
    }
}
