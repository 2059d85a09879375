using System.Globalization;

namespace Oslo.Service.Supervision;

/// <summary>
/// What marks a process as a worker: which <c>LaunchService</c> call it runs, its worker id, its parent, the
/// descriptor of its control channel and its heartbeat interval. Passed in <c>OSLO_SERVICE_WORKER</c>.
/// </summary>
/// <param name="ServiceIndex">The 0-based index of the <c>LaunchService</c> call whose service this worker runs.</param>
/// <param name="WorkerId">The stable worker id (0..N-1); -1 for a spare not yet promoted.</param>
/// <param name="ParentPid">The ProcessLauncher's pid.</param>
/// <param name="ControlFd">The worker's end of the control socket pair.</param>
/// <param name="HeartbeatInterval">How often to send a heartbeat.</param>
/// <param name="Workers">The pool's worker count when the process was started (0: not told).</param>
/// <param name="BoardFd">The descriptor of the pool's <see cref="ConnectionBoard"/>; -1 when none was passed.</param>
internal sealed record WorkerIdentity(int ServiceIndex, int WorkerId, int ParentPid, int ControlFd, TimeSpan HeartbeatInterval, int Workers = 0, int BoardFd = -1)
{
    /// <summary>The variable's name.</summary>
    internal const string Variable = "OSLO_SERVICE_WORKER";

    /// <summary>The worker id a spare carries in the variable until it is promoted.</summary>
    internal const int SpareWorkerId = -1;

    /// <summary>True for a warm spare waiting to be promoted.</summary>
    internal bool IsSpare => WorkerId == SpareWorkerId;

    /// <summary>Formats the variable's value.</summary>
    internal string Format() => string.Create(
        CultureInfo.InvariantCulture,
        $"service={ServiceIndex};worker={WorkerId};parent={ParentPid};fd={ControlFd};heartbeat_ms={(long)HeartbeatInterval.TotalMilliseconds};workers={Workers};board={BoardFd}");

    /// <summary>This process's identity from <c>OSLO_SERVICE_WORKER</c>; null in a parent or single process.</summary>
    internal static WorkerIdentity? FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Parses the variable's value; null when absent.</summary>
    /// <exception cref="FormatException">When the value is malformed.</exception>
    internal static WorkerIdentity? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string part in value.Split(';'))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !long.TryParse(part.AsSpan(equals + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
            {
                throw new FormatException($"{Variable}: expected 'name=number' fields separated by ';', found '{part}' in '{value}'.");
            }

            fields[part[..equals]] = number;
        }

        long Field(string name) => fields.TryGetValue(name, out long number)
            ? number
            : throw new FormatException($"{Variable}: the field '{name}' is missing in '{value}'.");

        return new WorkerIdentity(
            (int)Field("service"),
            (int)Field("worker"),
            (int)Field("parent"),
            (int)Field("fd"),
            TimeSpan.FromMilliseconds(Field("heartbeat_ms")),
            fields.TryGetValue("workers", out long workers) ? (int)workers : 0,
            fields.TryGetValue("board", out long board) ? (int)board : -1);
    }
}
