namespace Oslo.Service.Supervision;

/// <summary>Where a worker process is in its life, as the parent sees it (status, <c>oslo.service.worker.count</c>).</summary>
internal enum WorkerState
{
    /// <summary>Started (or promoted), not ready yet.</summary>
    Starting,

    /// <summary>Reported ready; serving.</summary>
    Ready,

    /// <summary>A warm spare waiting to be promoted.</summary>
    Spare,

    /// <summary>Told to stop (replaced, recycled, scaled away, stopping): draining.</summary>
    Retiring,
}
