namespace Oslo.Service.Supervision;

/// <summary>
/// Who this process is, when it is a worker started by a <see cref="Launching.ProcessLauncher"/>: the stable worker
/// id (0..N-1, kept across respawns and reloads) and the index of the <c>LaunchService</c> call it serves. Users read
/// it through <see cref="Hosting.IWorkerInfo"/>.
/// </summary>
/// <param name="ServiceIndex">0 for the first <c>LaunchService</c> call, 1 for the second, and so on.</param>
/// <param name="WorkerId">The stable worker id.</param>
internal sealed record WorkerContext(int ServiceIndex, int WorkerId)
{
    private static WorkerContext? s_current;
    private static int s_workerCount;

    /// <summary>
    /// This process's worker context, or null in a parent or single process. Set before the service starts, so a
    /// service may read it in <c>StartAsync</c>. Process-wide on purpose: it describes the process itself.
    /// </summary>
    internal static WorkerContext? Current => Volatile.Read(ref s_current);

    /// <summary>
    /// The parent's current worker count for this worker's service: given at spawn, updated when SIGTTIN / SIGTTOU
    /// change it; 0 when the parent did not tell (a parent or single process).
    /// </summary>
    internal static int WorkerCount => Volatile.Read(ref s_workerCount);

    internal static void Set(WorkerContext context) => Volatile.Write(ref s_current, context);

    internal static void SetWorkerCount(int count)
    {
        if (count > 0)
        {
            Volatile.Write(ref s_workerCount, count);
        }
    }
}
