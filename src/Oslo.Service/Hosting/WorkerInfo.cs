using Microsoft.Extensions.Options;

using Oslo.Service.Supervision;

namespace Oslo.Service.Hosting;

/// <summary>The <see cref="IWorkerInfo"/> of a process run by <c>UseOsloWorkers</c>.</summary>
internal sealed class WorkerInfo(OsloWorkerRole role, IOptions<OsloWorkerOptions> options) : IWorkerInfo
{
    public bool IsWorker => role.IsWorker;

    // A spare learns its id when it is promoted, after the container was built: read it at each access.
    public int WorkerId => role.IsWorker ? WorkerContext.Current?.WorkerId ?? role.Identity!.WorkerId : -1;

    public int WorkerCount => options.Value.EffectiveWorkers;
}
