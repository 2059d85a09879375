namespace Oslo.Service.Supervision;

/// <summary>
/// The HTTP requests this process has served (health and readiness probes excluded), counted by the wsgi server
/// and the <c>UseOsloWorkers</c> request path; a worker sends the total to its parent with each heartbeat
/// (<see cref="ControlMessage.Requests"/>) for <c>max_requests</c>.
/// </summary>
/// <remarks>
/// Process-wide on purpose, like the runtime's own counters: one worker process serves one HTTP server, and the
/// heartbeat that carries the count belongs to the process, not to a server instance.
/// </remarks>
internal static class WorkerRequests
{
    private static long s_served;

    /// <summary>Requests served so far.</summary>
    internal static long Served => Interlocked.Read(ref s_served);

    /// <summary>Counts one request (one interlocked add: the cost per request is a few nanoseconds).</summary>
    internal static void OnServed() => Interlocked.Increment(ref s_served);
}
