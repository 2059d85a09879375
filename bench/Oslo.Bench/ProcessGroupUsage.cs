using System.Globalization;

namespace Oslo.Bench;

/// <summary>
/// The CPU time and context switches of every process in one process group (a server: its parent and its workers),
/// read from /proc. Two readings, before and after a measured run, give what the server spent on the requests of
/// that run, whatever the rest of a shared machine did meanwhile.
/// </summary>
/// <param name="CpuSeconds">User plus system time of every process in the group (/proc/PID/stat: utime, stime).</param>
/// <param name="ContextSwitches">Voluntary plus involuntary context switches of every thread in the group
/// (/proc/PID/task/TID/status). Threads that ended between two readings take their count with them.</param>
internal readonly record struct ProcessGroupUsage(double CpuSeconds, long ContextSwitches)
{
    // /proc reports times in USER_HZ, which the kernel's ABI keeps at 100 on every architecture.
    private const double TicksPerSecond = 100;

    /// <summary>What the group has used since its processes started.</summary>
    public static ProcessGroupUsage Read(int processGroup)
    {
        double cpu = 0;
        long switches = 0;
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                // The fields after the command name, which is in parentheses and may itself hold spaces.
                string stat = File.ReadAllText(Path.Combine(directory, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[2], CultureInfo.InvariantCulture) != processGroup)
                {
                    continue;
                }

                cpu += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                foreach (string task in Directory.EnumerateDirectories(Path.Combine(directory, "task")))
                {
                    switches += ContextSwitchesOf(Path.Combine(task, "status"));
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process or thread ended while it was being read: it is no longer part of the group's cost.
            }
        }

        return new ProcessGroupUsage(cpu, switches);
    }

    /// <summary>What the group used from <paramref name="before"/> to this reading.</summary>
    public ProcessGroupUsage Since(ProcessGroupUsage before) =>
        new(CpuSeconds - before.CpuSeconds, ContextSwitches - before.ContextSwitches);

    private static long ContextSwitchesOf(string status)
    {
        long switches = 0;
        foreach (string line in File.ReadLines(status))
        {
            if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
            {
                switches += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return switches;
    }
}
