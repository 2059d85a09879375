namespace Oslo.Service.Periodic;

/// <summary>
/// Decides whether a due task that does not run on <see cref="PeriodicTaskRunOn.EveryWorker"/> runs here, and runs it
/// (Oslo.Service.Coordination's leader election implements it).
/// </summary>
public interface IPeriodicTaskGate
{
    /// <summary>Runs <paramref name="run"/> if <paramref name="task"/> may run in this process now; otherwise skips it.</summary>
    /// <param name="task">The due task.</param>
    /// <param name="run">Runs the task once, with the token it is given.</param>
    /// <param name="cancellationToken">Cancelled when the pass is.</param>
    /// <returns>When the task has run or been skipped.</returns>
    ValueTask RunAsync(PeriodicTask task, Func<CancellationToken, ValueTask> run, CancellationToken cancellationToken);
}
