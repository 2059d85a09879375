using Microsoft.Extensions.Options;

using Oslo.Service.Supervision;

namespace Oslo.Service.Hosting;

/// <summary>The <see cref="IWorkerInfo"/> of a process run by <c>UseOsloWorkers</c>.</summary>
internal sealed class WorkerInfo(OsloWorkerRole role, IOptions<OsloWorkerOptions> options) : IWorkerInfo
{
    public bool IsWorker => role.IsWorker;

    // A spare learns its id when it is promoted, after the container was built: read it at each access.
    public int WorkerId => role.IsWorker ? WorkerContext.Current?.WorkerId ?? role.Identity!.WorkerId : -1;

    // In a worker, the parent's count (SIGTTIN/SIGTTOU change it; a reload's new appsettings do not): not this
    // process's options, which a reload may have changed without the parent running that many.
    public int WorkerCount => role.IsWorker && WorkerContext.WorkerCount > 0 ? WorkerContext.WorkerCount : options.Value.EffectiveWorkers;
}
