using System.Globalization;

namespace Oslo.Service.Sockets;

/// <summary>
/// systemd socket activation (<c>sd_listen_fds(3)</c>): <c>LISTEN_PID</c> must be our pid, <c>LISTEN_FDS</c> is the
/// count of descriptors starting at 3, <c>LISTEN_FDNAMES</c> their colon-separated names.
/// </summary>
internal static class SocketActivation
{
    /// <summary><c>SD_LISTEN_FDS_START</c>.</summary>
    internal const int FirstFd = 3;

    /// <summary>The three variables systemd sets; they are meant for this process only and never passed on.</summary>
    internal static readonly string[] Variables = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"];

    /// <summary>
    /// Pure parse of the three variables. Returns nothing when they are absent, malformed, or meant for another
    /// process (<paramref name="listenPid"/> differs from <paramref name="ourPid"/>). Missing names are <c>unknown</c>,
    /// as <c>sd_listen_fds_with_names</c> reports them.
    /// </summary>
    internal static IReadOnlyList<ActivatedSocket> Parse(string? listenPid, string? listenFds, string? listenFdNames, int ourPid)
    {
        if (!int.TryParse(listenPid, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid != ourPid
            || !int.TryParse(listenFds, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count <= 0)
        {
            return [];
        }

        string[] names = string.IsNullOrEmpty(listenFdNames) ? [] : listenFdNames.Split(':');
        var sockets = new ActivatedSocket[count];
        for (int i = 0; i < count; i++)
        {
            string name = i < names.Length && names[i].Length > 0 ? names[i] : "unknown";
            sockets[i] = new ActivatedSocket(name, FirstFd + i);
        }

        return sockets;
    }

    /// <summary>
    /// Reads and then removes the variables (as <c>sd_listen_fds(unset_environment=1)</c> does), so nothing we start
    /// later mistakes them for its own.
    /// </summary>
    internal static IReadOnlyList<ActivatedSocket> TakeFromEnvironment()
    {
        IReadOnlyList<ActivatedSocket> sockets = Parse(
            Environment.GetEnvironmentVariable("LISTEN_PID"),
            Environment.GetEnvironmentVariable("LISTEN_FDS"),
            Environment.GetEnvironmentVariable("LISTEN_FDNAMES"),
            Environment.ProcessId);
        foreach (string variable in Variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        return sockets;
    }
}
