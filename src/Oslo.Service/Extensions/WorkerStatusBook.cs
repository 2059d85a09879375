using System.Globalization;

namespace Oslo.Service.Extensions;

/// <summary>
/// Turns snapshots of "worker id → pid" into <see cref="WorkerStatus"/> entries: the start time of each pid (from
/// <c>/proc/&lt;pid&gt;/stat</c> on Linux, first sight elsewhere) and the respawns of each slot, counted as pid
/// changes seen while watching (every second once <see cref="StartWatching"/> is called).
/// </summary>
internal sealed class WorkerStatusBook : IDisposable
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<(int Service, int Worker), Slot> _slots = [];
    private ITimer? _timer;

    /// <summary>Polls <paramref name="poll"/> every second so respawns between two queries are counted.</summary>
    internal void StartWatching(TimeProvider timeProvider, Action poll) =>
        _timer ??= timeProvider.CreateTimer(_ => poll(), null, s_pollInterval, s_pollInterval);

    internal IReadOnlyList<WorkerStatus> Observe(IEnumerable<(int ServiceIndex, string Service, IReadOnlyDictionary<int, int> Pids)> pools)
    {
        var result = new List<WorkerStatus>();
        lock (_lock)
        {
            foreach ((int serviceIndex, string service, IReadOnlyDictionary<int, int> pids) in pools)
            {
                foreach ((int workerId, int pid) in pids.OrderBy(p => p.Key))
                {
                    var key = (serviceIndex, workerId);
                    if (!_slots.TryGetValue(key, out Slot? slot))
                    {
                        slot = new Slot(pid, StartTime(pid), 0);
                    }
                    else if (slot.Pid != pid)
                    {
                        slot = new Slot(pid, StartTime(pid), slot.Restarts + 1);
                    }

                    _slots[key] = slot;
                    result.Add(new WorkerStatus(workerId, pid, service, slot.StartedAt, slot.Restarts));
                }
            }
        }

        return result;
    }

    public void Dispose() => _timer?.Dispose();

    // /proc/<pid>/stat field 22 is the start time in clock ticks after boot; /proc/uptime gives now after boot.
    private static DateTimeOffset StartTime(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double startTicks = double.Parse(fields[19], CultureInfo.InvariantCulture);
            double uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
            const double ClockTicksPerSecond = 100; // USER_HZ, 100 on every Linux ABI .NET runs on
            return DateTimeOffset.Now - TimeSpan.FromSeconds(uptime - (startTicks / ClockTicksPerSecond));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return DateTimeOffset.Now;
        }
    }

    private sealed record Slot(int Pid, DateTimeOffset StartedAt, int Restarts);
}
