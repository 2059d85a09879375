using System.Globalization;

namespace Oslo.Service.Control;

/// <summary>
/// What <c>/proc</c> says about a process now: resident memory and CPU time, so <c>status</c> can show RSS and CPU %
/// (between two samples, or since the process started for the first).
/// </summary>
/// <param name="RssBytes">Resident set size, bytes; 0 when unknown.</param>
/// <param name="CpuSeconds">User + system CPU time so far, seconds.</param>
internal readonly record struct ProcessSample(long RssBytes, double CpuSeconds)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ, 100 on every Linux ABI .NET runs on
    private static readonly long s_pageSize = Environment.SystemPageSize;

    /// <summary>Reads <c>/proc/PID/statm</c> and <c>/proc/PID/stat</c>; zeros when the process is gone or not Linux.</summary>
    internal static ProcessSample Read(int pid)
    {
        try
        {
            string statm = File.ReadAllText($"/proc/{pid}/statm");
            long rssPages = long.Parse(statm.Split(' ')[1], CultureInfo.InvariantCulture);
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessSample(rssPages * s_pageSize, ticks / ClockTicksPerSecond);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return default;
        }
    }
}
