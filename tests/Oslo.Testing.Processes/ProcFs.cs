using System.Globalization;

namespace Oslo.Testing.Processes;

/// <summary>What /proc says about a process: state, parent, session, CPU time, resident memory.</summary>
public static class ProcFs
{
    private static readonly double s_ticksPerSecond = 100.0;

    /// <summary>The fields of /proc/PID/stat after the command name, or null when the process is gone.</summary>
    public static string[]? Stat(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may contain spaces: split after the last ')'.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The state letter (R, S, D, Z …), or null when the process is gone.</summary>
    public static char? State(int pid) => Stat(pid) is { } fields ? fields[0][0] : null;

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => State(pid) is { } state && state != 'Z' && state != 'X';

    /// <summary>The parent pid, or null when the process is gone.</summary>
    public static int? ParentPid(int pid) => Stat(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;

    /// <summary>User + system CPU time of the process itself (not of its children), from /proc/PID/stat.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        string[] fields = Stat(pid) ?? throw new InvalidOperationException($"process {pid} is gone");
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / s_ticksPerSecond);
    }

    /// <summary>Waits until every pid is gone (or a zombie nobody reaped yet); polls /proc every 10 ms.</summary>
    public static async Task<bool> AllGoneWithinAsync(IEnumerable<int> pids, TimeSpan within)
    {
        int[] all = [.. pids];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (all.Any(IsAlive) && watch.Elapsed < within)
        {
            await Task.Delay(10);
        }

        return !all.Any(IsAlive);
    }

    /// <summary>Resident set size in KiB (VmRSS of /proc/PID/status).</summary>
    public static long RssKiB(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Every process (zombies included) whose session id is <paramref name="sessionId"/>.</summary>
    public static IReadOnlyList<(int Pid, char State, int ParentPid)> Session(int sessionId) => Where(fields => fields[3] == sessionId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Every process (zombies included) whose parent is <paramref name="parentPid"/>.</summary>
    public static IReadOnlyList<(int Pid, char State, int ParentPid)> Children(int parentPid) => Where(fields => fields[1] == parentPid.ToString(CultureInfo.InvariantCulture));

    private static List<(int Pid, char State, int ParentPid)> Where(Func<string[], bool> match)
    {
        var found = new List<(int, char, int)>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            if (Stat(pid) is { } fields && match(fields))
            {
                found.Add((pid, fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture)));
            }
        }

        return found;
    }
}
