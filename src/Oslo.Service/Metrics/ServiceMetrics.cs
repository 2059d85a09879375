using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

using Oslo.Service.Supervision;

namespace Oslo.Service.Metrics;

/// <summary>
/// The instruments of the <c>Oslo.Service</c> meter. Names and units follow the OpenTelemetry semantic conventions
/// (dotted lower-case names, UCUM units, <c>{thing}</c> annotations for counts); docs/metrics.md lists them.
/// </summary>
/// <remarks>
/// One static <see cref="Meter"/>, as the runtime's own libraries (System.Net.Http, System.Runtime) do when they have
/// no dependency-injection container to get an <see cref="IMeterFactory"/> from: a launcher is built with
/// <c>new</c>, and a meter is process-wide by nature (listeners find it by name), so an instance per launcher would
/// only publish the same names twice.
/// </remarks>
internal static class ServiceMetrics
{
    /// <summary>The bucket boundaries ASP.NET Core advises for request durations, used for every duration here too.</summary>
    internal static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private static readonly Meter s_meter = new(OsloMeters.Service, typeof(ServiceMetrics).Assembly.GetName().Version?.ToString(3));
    private static readonly ConcurrentDictionary<WorkerPool, byte> s_pools = new();
    private static readonly InstrumentAdvice<double> s_durationAdvice = new() { HistogramBucketBoundaries = DurationBuckets };

    internal static readonly Counter<long> WorkerRestarts = s_meter.CreateCounter<long>(
        "oslo.service.worker.restarts", "{restart}", "Worker processes replaced, by reason (exit_code, signal, hung, boot_failure, recycle).");

    internal static readonly UpDownCounter<long> WorkerBackoff = s_meter.CreateUpDownCounter<long>(
        "oslo.service.worker.backoff", "{worker}", "Workers whose restart is being delayed by the crash-loop back-off (restart_intensity, boot_failure_threshold).");

    internal static readonly Counter<long> SparePromotions = s_meter.CreateCounter<long>(
        "oslo.service.spare.promotions", "{promotion}", "Warm spares promoted to a worker id.");

    internal static readonly Counter<long> Reloads = s_meter.CreateCounter<long>(
        "oslo.service.reloads", "{reload}", "SIGHUP reloads of a process launcher, by method (reload, mutate) and outcome (success, failure).");

    internal static readonly Histogram<double> ReloadDuration = s_meter.CreateHistogram(
        "oslo.service.reload.duration", "s", "How long a reload took, from SIGHUP to the last worker replaced or acknowledged.", advice: s_durationAdvice);

    internal static readonly Counter<long> PeriodicTaskRuns = s_meter.CreateCounter<long>(
        "oslo.periodic_task.runs", "{run}", "Periodic task runs, by task name.");

    internal static readonly Counter<long> PeriodicTaskFailures = s_meter.CreateCounter<long>(
        "oslo.periodic_task.failures", "{failure}", "Periodic task runs that threw, by task name.");

    internal static readonly Histogram<double> PeriodicTaskLateness = s_meter.CreateHistogram(
        "oslo.periodic_task.lateness", "s", "How long after its due time a periodic task started, by task name.", advice: s_durationAdvice);

    internal static readonly Histogram<double> PeriodicTaskDuration = s_meter.CreateHistogram(
        "oslo.periodic_task.duration", "s", "How long a periodic task run took, by task name.", advice: s_durationAdvice);

    internal static readonly Counter<long> LoopingCallRuns = s_meter.CreateCounter<long>(
        "oslo.looping_call.runs", "{run}", "Looping call runs, by call name.");

    internal static readonly Counter<long> LoopingCallOverruns = s_meter.CreateCounter<long>(
        "oslo.looping_call.overruns", "{overrun}", "Fixed-interval looping call runs that outlasted their interval, by call name.");

    static ServiceMetrics()
    {
        _ = s_meter.CreateObservableUpDownCounter(
            "oslo.service.worker.count", ObserveWorkers, "{worker}", "Worker processes of every process launcher in this process, by state (ready, starting, spare, retiring).");
    }

    /// <summary>Counts the pool's workers in <c>oslo.service.worker.count</c> until every one of its processes exited.</summary>
    internal static void Track(WorkerPool pool)
    {
        s_pools[pool] = 0;
        _ = pool.AllExited.ContinueWith(
            static (_, state) => s_pools.TryRemove((WorkerPool)state!, out byte _), pool, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    internal static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    /// <summary>Records a restart of a worker slot.</summary>
    internal static void RecordRestart(string reason) => WorkerRestarts.Add(1, Tag("oslo.restart.reason", reason));

    private static IEnumerable<Measurement<long>> ObserveWorkers()
    {
        // Only a process launcher's parent has workers; elsewhere (a worker, a single process) there is no series.
        if (s_pools.IsEmpty)
        {
            return [];
        }

        long ready = 0, starting = 0, spare = 0, retiring = 0;
        foreach (WorkerPool pool in s_pools.Keys)
        {
            foreach (WorkerSnapshot worker in pool.Snapshot())
            {
                switch (worker.State)
                {
                    case WorkerState.Ready: ready++; break;
                    case WorkerState.Starting: starting++; break;
                    case WorkerState.Spare: spare++; break;
                    default: retiring++; break;
                }
            }
        }

        return
        [
            new(ready, Tag("oslo.worker.state", "ready")),
            new(starting, Tag("oslo.worker.state", "starting")),
            new(spare, Tag("oslo.worker.state", "spare")),
            new(retiring, Tag("oslo.worker.state", "retiring")),
        ];
    }

    /// <summary>One periodic task run: its count, lateness and duration.</summary>
    internal static void RecordPeriodicRun(string task, TimeSpan lateness, TimeSpan duration)
    {
        var tag = Tag("oslo.periodic_task.name", task);
        PeriodicTaskRuns.Add(1, tag);
        PeriodicTaskLateness.Record(Math.Max(0, lateness.TotalSeconds), tag);
        PeriodicTaskDuration.Record(duration.TotalSeconds, tag);
    }

    /// <summary>Seconds between two <see cref="Stopwatch"/> timestamps.</summary>
    internal static double Seconds(long start, long end) => Stopwatch.GetElapsedTime(start, end).TotalSeconds;
}
