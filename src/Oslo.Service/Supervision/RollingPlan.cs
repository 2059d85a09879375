namespace Oslo.Service.Supervision;

/// <summary>
/// The order of a rolling reload: worker ids replaced <c>surge</c> at a time. Each batch's replacements must be
/// ready before the batch's old workers are told to stop, so at least N workers are ready at every moment and at
/// most N + surge run.
/// </summary>
internal static class RollingPlan
{
    /// <summary>Splits <paramref name="workerIds"/> (ascending) into batches of at most <paramref name="surge"/>.</summary>
    internal static IReadOnlyList<IReadOnlyList<int>> Batches(IReadOnlyList<int> workerIds, int surge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(surge, 1);
        var ordered = workerIds.Order().ToArray();
        var batches = new List<IReadOnlyList<int>>();
        for (int i = 0; i < ordered.Length; i += surge)
        {
            batches.Add(ordered[i..Math.Min(i + surge, ordered.Length)]);
        }

        return batches;
    }

    /// <summary>The batch size: <c>reload_surge</c>, where 0 means every worker at once; at least 1.</summary>
    internal static int Surge(int reloadSurge, int workers) => Math.Max(1, reloadSurge <= 0 ? workers : Math.Min(reloadSurge, Math.Max(workers, 1)));

    /// <summary>The most processes alive during a batch: the configured count plus the batch's replacements.</summary>
    internal static int PeakProcesses(int workers, IReadOnlyList<int> batch) => workers + batch.Count;
}
