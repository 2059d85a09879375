using System.Globalization;

namespace Oslo.Testing.Processes;

/// <summary>
/// The kernel's IPv4 TCP table (/proc/net/tcp) for one port on 127.0.0.1: what a test can see of a server's
/// connections without asking the server, e.g. that a listener's accept queue has been emptied.
/// </summary>
public static class ProcNetTcp
{
    /// <summary>TCP states as /proc/net/tcp writes them (include/net/tcp_states.h).</summary>
    public const string Established = "01";

    /// <summary>A connection whose handshake the server has not completed (or whose final ACK it dropped).</summary>
    public const string SynReceived = "03";

    public const string Listen = "0A";

    /// <summary>One line of the table.</summary>
    /// <param name="State">The state, e.g. <see cref="Established"/>.</param>
    /// <param name="ReceiveQueue">For a listener, the connections waiting in its accept queue; otherwise unread bytes.</param>
    public readonly record struct Entry(string State, long ReceiveQueue);

    /// <summary>Every socket on 127.0.0.1 whose local port is <paramref name="port"/>: the server's side of its connections, and its listener.</summary>
    public static IReadOnlyList<Entry> ServerSide(int port)
    {
        string local = string.Create(CultureInfo.InvariantCulture, $"0100007F:{port:X4}");
        var entries = new List<Entry>();
        foreach (string line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue ...
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || fields[1] != local)
            {
                continue;
            }

            long receiveQueue = long.Parse(fields[4].AsSpan(fields[4].IndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            entries.Add(new Entry(fields[3], receiveQueue));
        }

        return entries;
    }

    /// <summary>The server side of <paramref name="port"/> in one line: connections by state, and the accept queue.</summary>
    public static string Describe(int port)
    {
        IReadOnlyList<Entry> entries = ServerSide(port);
        string states = string.Join(", ", entries.Where(e => e.State != Listen).GroupBy(e => e.State).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} in state {g.Key}")));
        string listeners = string.Join(", ", entries.Where(e => e.State == Listen)
            .Select(e => string.Create(CultureInfo.InvariantCulture, $"accept queue {e.ReceiveQueue}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"127.0.0.1:{port}: listeners [{listeners}]; connections [{(states.Length == 0 ? "none" : states)}]; {ListenCounters()}");
    }

    /// <summary>The kernel's TcpExt ListenOverflows and ListenDrops counters (connections a full accept queue turned away).</summary>
    public static string ListenCounters()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/net/netstat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a diagnostic: a kernel (or sandbox) without the file must not fail the test that asks.
            return "no TcpExt counters (" + e.Message + ")";
        }

        for (int i = 0; i + 1 < lines.Length; i += 2)
        {
            if (!lines[i].StartsWith("TcpExt:", StringComparison.Ordinal))
            {
                continue;
            }

            string[] names = lines[i].Split(' ');
            string[] values = lines[i + 1].Split(' ');
            return string.Join(' ', new[] { "ListenOverflows", "ListenDrops" }
                .Select(name => Array.IndexOf(names, name) is int at and >= 0 && at < values.Length ? $"{name}={values[at]}" : $"{name}=?"));
        }

        return "TcpExt counters not found";
    }
}
