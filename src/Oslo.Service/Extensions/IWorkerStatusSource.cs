namespace Oslo.Service.Extensions;

/// <summary>
/// Implemented by a process launcher's parent: the live workers, for diagnostics such as the debug console's
/// <c>workers</c> command.
/// </summary>
internal interface IWorkerStatusSource
{
    /// <summary>A snapshot of the live workers.</summary>
    IReadOnlyList<WorkerStatus> GetWorkers();
}
