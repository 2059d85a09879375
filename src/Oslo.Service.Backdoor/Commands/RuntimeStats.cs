using System.Diagnostics;
using System.Globalization;
using System.Text;

using Oslo.Service.Timing;

namespace Oslo.Service.Backdoor.Commands;

/// <summary>The <c>gc</c>, <c>threadpool</c> and <c>timers</c> commands: the runtime's own counters, read in-process.</summary>
internal static class RuntimeStats
{
    internal static string Memory()
    {
        GCMemoryInfo info = GC.GetGCMemoryInfo();
        using var process = Process.GetCurrentProcess();
        var text = new StringBuilder();
        Line(text, "gc mode", $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {System.Runtime.GCSettings.LatencyMode}");
        Line(text, "collections gen0/gen1/gen2", $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        Line(text, "managed heap (live estimate)", Bytes(GC.GetTotalMemory(forceFullCollection: false)));
        Line(text, "heap size at last gc", Bytes(info.HeapSizeBytes));
        Line(text, "fragmented at last gc", Bytes(info.FragmentedBytes));
        Line(text, "committed", Bytes(info.TotalCommittedBytes));
        Line(text, "total allocated", Bytes(GC.GetTotalAllocatedBytes(precise: false)));
        Line(text, "pause time total", $"{GC.GetTotalPauseDuration().TotalMilliseconds:F1} ms ({info.PauseTimePercentage:F2} % of the last gc)");
        Line(text, "memory load / available", $"{Bytes(info.MemoryLoadBytes)} / {Bytes(info.TotalAvailableMemoryBytes)}");
        Line(text, "working set (RSS)", Bytes(process.WorkingSet64));
        Line(text, "private memory", Bytes(process.PrivateMemorySize64));
        return text.ToString();
    }

    internal static string ThreadPoolStats()
    {
        ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
        ThreadPool.GetMaxThreads(out int maxWorkers, out int maxIo);
        ThreadPool.GetAvailableThreads(out int freeWorkers, out int freeIo);
        using var process = Process.GetCurrentProcess();
        var text = new StringBuilder();
        Line(text, "pool threads", ThreadPool.ThreadCount.ToString(CultureInfo.InvariantCulture));
        Line(text, "queued work items", ThreadPool.PendingWorkItemCount.ToString(CultureInfo.InvariantCulture));
        Line(text, "completed work items", ThreadPool.CompletedWorkItemCount.ToString(CultureInfo.InvariantCulture));
        Line(text, "min workers / io", $"{minWorkers} / {minIo}");
        Line(text, "max workers / io", $"{maxWorkers} / {maxIo}");
        Line(text, "available workers / io", $"{freeWorkers} / {freeIo}");
        Line(text, "lock contentions", Monitor.LockContentionCount.ToString(CultureInfo.InvariantCulture));
        Line(text, "process threads", process.Threads.Count.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    internal static string Timers()
    {
        var text = new StringBuilder();
        // The looping calls (thread group timers, periodic tasks) sleep on our high-resolution timer thread, not on
        // the runtime's timer queue: both count.
        long runtimeTimers = Timer.ActiveCount;
        int loopingTimers = HighResolutionTimeProvider.Shared.PendingTimers;
        Line(text, "active timers", string.Create(CultureInfo.InvariantCulture,
            $"{runtimeTimers + loopingTimers} (runtime {runtimeTimers}, looping calls {loopingTimers})"));
        Line(text, "uptime", (DateTime.Now - Process.GetCurrentProcess().StartTime).ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture));
        Line(text, "timestamp frequency", Stopwatch.Frequency.ToString(CultureInfo.InvariantCulture) + " Hz");
        return text.ToString();
    }

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    private static void Line(StringBuilder text, string name, string value) =>
        text.Append(CultureInfo.InvariantCulture, $"{name,-30} {value}\n");
}
