using System.Globalization;

namespace Oslo.Service.Supervision;

/// <summary>
/// The default worker count in a container: the cgroup v2 CPU quota (<c>cpu.max</c>, "quota period" or "max period")
/// of this process's cgroup and of every parent up to the mount, the tightest one, rounded down, at least 1, at most
/// <see cref="Environment.ProcessorCount"/>.
/// </summary>
/// <remarks>
/// Rounded down (as Go's automaxprocs does), where the runtime's <see cref="Environment.ProcessorCount"/> rounds up:
/// a worker is a whole process that wants a whole CPU under load, and a worker beyond the quota only makes the CFS
/// throttle the family in the middle of requests (a 1.5-CPU limit serves better with 1 worker than with 2 that are
/// stopped for a third of every period). Parents count because a limit set on a Pod's cgroup applies to the
/// container's cgroup beneath it without appearing in its own <c>cpu.max</c>.
/// </remarks>
public static class CgroupCpuQuota
{
    /// <summary>The worker count when none is configured (see the class remarks).</summary>
    public static int DefaultWorkerCount() => DefaultWorkerCount("/sys/fs/cgroup", "/proc/self/cgroup", Environment.ProcessorCount);

    /// <summary>The same, from the given files (for tests).</summary>
    /// <param name="cgroupMount">Where the cgroup v2 hierarchy is mounted (<c>/sys/fs/cgroup</c>).</param>
    /// <param name="procSelfCgroup">The process's cgroup file (<c>/proc/self/cgroup</c>).</param>
    /// <param name="processorCount">The CPUs the runtime sees.</param>
    public static int DefaultWorkerCount(string cgroupMount, string procSelfCgroup, int processorCount)
    {
        double? quota = ReadQuota(cgroupMount, procSelfCgroup);
        int cpus = Math.Max(1, processorCount);
        return quota is { } q ? Math.Clamp((int)Math.Floor(q), 1, cpus) : cpus;
    }

    /// <summary>The tightest CPU quota in CPUs (1.5 for "150000 100000"), or null when there is none or no cgroup v2.</summary>
    public static double? ReadQuota(string cgroupMount, string procSelfCgroup)
    {
        ArgumentNullException.ThrowIfNull(cgroupMount);
        ArgumentNullException.ThrowIfNull(procSelfCgroup);
        string? relative = V2Path(procSelfCgroup);
        if (relative is null)
        {
            return null;
        }

        string mount = Path.GetFullPath(cgroupMount);
        string directory = Path.GetFullPath(Path.Combine(mount, relative.TrimStart('/')));
        double? tightest = null;
        while (directory.StartsWith(mount, StringComparison.Ordinal))
        {
            if (Parse(Path.Combine(directory, "cpu.max")) is { } quota && (tightest is null || quota < tightest))
            {
                tightest = quota;
            }

            if (directory.Length <= mount.Length)
            {
                break;
            }

            directory = Path.GetDirectoryName(directory) ?? mount;
        }

        return tightest;
    }

    /// <summary>One <c>cpu.max</c> file: "quota period" in µs, or "max period" for none; null when absent or unlimited.</summary>
    internal static double? Parse(string cpuMaxFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(cpuMaxFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        string[] fields = text.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 1 || fields[0] == "max"
            || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long quota) || quota <= 0)
        {
            return null;
        }

        long period = 100_000;
        if (fields.Length > 1 && (!long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out period) || period <= 0))
        {
            return null;
        }

        return (double)quota / period;
    }

    /// <summary>The cgroup v2 entry ("0::/path") of <c>/proc/self/cgroup</c>, or null on a v1-only system.</summary>
    private static string? V2Path(string procSelfCgroup)
    {
        try
        {
            foreach (string line in File.ReadLines(procSelfCgroup))
            {
                if (line.StartsWith("0::", StringComparison.Ordinal))
                {
                    return line[3..];
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
