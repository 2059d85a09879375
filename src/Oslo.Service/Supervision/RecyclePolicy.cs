using System.Globalization;

namespace Oslo.Service.Supervision;

/// <summary>
/// When a worker is due for recycling (<see cref="RecycleOptions"/>): pure decisions over numbers, fed once a second
/// by <see cref="WorkerRecycler"/> with what the worker reported and what <c>/proc</c> says.
/// </summary>
/// <remarks>
/// The memory rule is the one PM2 and uWSGI users asked for after their restart loops: a limit that must hold for a
/// whole window (one spike does not count), no recycle before the worker has been ready for that window, and none
/// at all for a worker that was already over the limit at its first sample — its replacement would be too, and
/// recycling it would only loop. Such a worker becomes eligible once it has been seen under the limit.
/// </remarks>
internal static class RecyclePolicy
{
    /// <summary>
    /// Takes one sample of a ready worker and returns why it is due for recycling, or null.
    /// </summary>
    /// <param name="settings">The limits.</param>
    /// <param name="state">The worker's recycling state, updated by the sample.</param>
    /// <param name="requests">Requests the worker reported served.</param>
    /// <param name="sinceReady">How long ago it reported ready.</param>
    /// <param name="rssBytes">Its resident set size now; 0 when unknown (not sampled, or the process is gone).</param>
    internal static string? Sample(RecycleSettings settings, WorkerRecycleState state, long requests, TimeSpan sinceReady, long rssBytes)
    {
        string? memory = SampleMemory(settings, state, sinceReady, rssBytes);
        if (settings.MaxRequests > 0)
        {
            long limit = settings.MaxRequests + Math.Min(state.Jitter, settings.MaxRequestsJitter);
            if (requests >= limit)
            {
                return string.Create(CultureInfo.InvariantCulture, $"max_requests: served {requests} requests (limit {limit})");
            }
        }

        if (memory is not null)
        {
            return memory;
        }

        if (settings.MaxAge > TimeSpan.Zero && sinceReady >= settings.MaxAge)
        {
            return string.Create(CultureInfo.InvariantCulture, $"max_worker_age: ready for {sinceReady.TotalSeconds:F0} s (limit {settings.MaxAge.TotalSeconds:F0} s)");
        }

        return null;
    }

    private static string? SampleMemory(RecycleSettings settings, WorkerRecycleState state, TimeSpan sinceReady, long rssBytes)
    {
        if (settings.MaxMemoryBytes <= 0 || rssBytes <= 0)
        {
            return null;
        }

        bool over = rssBytes > settings.MaxMemoryBytes;
        if (!state.Sampled)
        {
            state.Sampled = true;
            state.OverAtBoot = over;
        }
        else if (!over)
        {
            state.OverAtBoot = false;
        }

        if (!over)
        {
            state.OverSince = null;
            return null;
        }

        if (state.OverAtBoot)
        {
            return null;
        }

        state.OverSince ??= sinceReady;
        TimeSpan overFor = sinceReady - state.OverSince.Value;
        if (overFor < settings.MemoryWindow || sinceReady < settings.MemoryWindow)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"max_worker_memory_mb: RSS {rssBytes >> 20} MiB, over {settings.MaxMemoryBytes >> 20} MiB for {overFor.TotalSeconds:F0} s (max_worker_memory_window {settings.MemoryWindow.TotalSeconds:F0} s)");
    }
}

/// <summary>What the recycler remembers about one worker process between two samples.</summary>
/// <param name="jitter">Its share of <c>max_requests_jitter</c>, drawn once when it is first seen.</param>
internal sealed class WorkerRecycleState(int jitter)
{
    /// <summary>Requests added to <c>max_requests</c> for this worker.</summary>
    internal int Jitter { get; } = jitter;

    /// <summary>True once its memory has been sampled.</summary>
    internal bool Sampled { get; set; }

    /// <summary>True while it has been over the memory limit from its first sample on.</summary>
    internal bool OverAtBoot { get; set; }

    /// <summary>True once the recycler warned that this worker is over the limit since boot.</summary>
    internal bool WarnedOverAtBoot { get; set; }

    /// <summary>Time since ready at the first sample of the current run over the limit; null when under it.</summary>
    internal TimeSpan? OverSince { get; set; }
}
