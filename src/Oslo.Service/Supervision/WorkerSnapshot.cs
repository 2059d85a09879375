namespace Oslo.Service.Supervision;

/// <summary>One live process of a pool at one moment, for the control socket's <c>status</c> and the metrics.</summary>
/// <param name="ServiceIndex">The index of the pool's <c>LaunchService</c> call.</param>
/// <param name="WorkerId">Its worker id; null for a spare.</param>
/// <param name="Pid">The process id.</param>
/// <param name="State">Its state.</param>
/// <param name="Uptime">How long ago it was started.</param>
/// <param name="Restarts">How many processes held its worker id before it (respawns, replacements, recycles).</param>
/// <param name="Process">The process, the key of its measurements in <see cref="Metrics.FamilyMetrics"/>.</param>
internal sealed record WorkerSnapshot(int ServiceIndex, int? WorkerId, int Pid, WorkerState State, TimeSpan Uptime, int Restarts, WorkerProcess Process);
