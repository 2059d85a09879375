using Oslo.Service.Supervision;

namespace Oslo.Service.Hosting;

/// <summary>
/// Whether this process supervises (the program as the user started it) or is a worker (the same program
/// re-executed by the parent with <c>OSLO_SERVICE_WORKER</c> set). Read once, when <c>UseOsloWorkers</c> is called,
/// because the worker's launcher clears the variable so that nothing the app starts inherits it.
/// </summary>
internal sealed class OsloWorkerRole
{
    private OsloWorkerRole(WorkerIdentity? identity) => Identity = identity;

    /// <summary>The worker's identity; null in the parent.</summary>
    internal WorkerIdentity? Identity { get; }

    /// <summary>True in a worker process.</summary>
    internal bool IsWorker => Identity is not null;

    /// <summary>Reads <c>OSLO_SERVICE_WORKER</c>.</summary>
    internal static OsloWorkerRole FromEnvironment() =>
        new(WorkerIdentity.Parse(Environment.GetEnvironmentVariable(WorkerIdentity.Variable)));
}
