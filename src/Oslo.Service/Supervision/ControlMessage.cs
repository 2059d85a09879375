namespace Oslo.Service.Supervision;

/// <summary>
/// One-byte messages on the control socket pair between a worker and its parent. The parent only ever closes its
/// end by dying, so end-of-file in a worker means the parent has died.
/// </summary>
internal static class ControlMessage
{
    /// <summary>Worker → parent: every service has started.</summary>
    internal const byte Ready = (byte)'R';

    /// <summary>Worker → parent: still alive.</summary>
    internal const byte Heartbeat = (byte)'H';

    /// <summary>Worker → parent: a SIGHUP restart (mutate or reload) has finished.</summary>
    internal const byte Restarted = (byte)'M';

    /// <summary>Worker → parent: a spare has built its services and waits for promotion.</summary>
    internal const byte SpareReady = (byte)'S';

    /// <summary>Parent → spare: start as the worker whose id follows as one little-endian 32-bit integer.</summary>
    internal const byte Promote = (byte)'P';

    /// <summary>
    /// Worker → parent: the worker's measurements (<see cref="Metrics.MetricsSnapshot"/>), a little-endian 32-bit
    /// length and that many bytes; sent every second while the parent collects metrics, and once more at the end.
    /// </summary>
    internal const byte Report = (byte)'T';

    /// <summary>The largest <see cref="Report"/> payload a parent accepts; a longer frame ends the channel.</summary>
    internal const int MaxReportLength = 4 << 20;

    /// <summary>
    /// Worker → parent: the HTTP requests served so far (<see cref="WorkerRequests"/>), a little-endian 64-bit integer;
    /// sent instead of a <see cref="Heartbeat"/> when the count changed since the last one.
    /// </summary>
    internal const byte Requests = (byte)'Q';

    /// <summary>Parent → worker or spare: SIGTTIN/SIGTTOU changed the worker count to the little-endian 32-bit integer that follows.</summary>
    internal const byte WorkerCount = (byte)'C';
}
