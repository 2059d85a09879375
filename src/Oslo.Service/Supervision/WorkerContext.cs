namespace Oslo.Service.Supervision;

/// <summary>
/// Who this process is, when it is a worker started by a <see cref="Launching.ProcessLauncher"/>: the stable worker
/// id (0..N-1, kept across respawns and reloads) and the index of the <c>LaunchService</c> call it serves.
/// </summary>
/// <param name="ServiceIndex">0 for the first <c>LaunchService</c> call, 1 for the second, and so on.</param>
/// <param name="WorkerId">The stable worker id.</param>
public sealed record WorkerContext(int ServiceIndex, int WorkerId)
{
    private static WorkerContext? s_current;

    /// <summary>
    /// This process's worker context, or null in a parent or single process. Set before the service starts, so a
    /// service may read it in <c>StartAsync</c>. Process-wide on purpose: it describes the process itself.
    /// </summary>
    public static WorkerContext? Current => Volatile.Read(ref s_current);

    internal static void Set(WorkerContext context) => Volatile.Write(ref s_current, context);
}
