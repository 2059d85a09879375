using Microsoft.Extensions.Logging;

using Oslo.Service.Backdoor.Logging;

namespace Oslo.Service.Backdoor.Console;

/// <summary>
/// Logs refused connections at most once per interval: the first refusal of an interval in full, the rest counted and
/// summarised with the next refusal after it. A local user looping on the port must not turn the log into a flood.
/// </summary>
internal sealed class RejectionLog(ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private long _intervalStart;
    private int _suppressed;
    private string _latest = "";

    internal void Report(int session, string reason)
    {
        int summarized;
        string latest;
        lock (_lock)
        {
            long now = time.GetTimestamp();
            if (_intervalStart != 0 && time.GetElapsedTime(_intervalStart, now) < s_interval)
            {
                _suppressed++;
                _latest = reason;
                return;
            }

            summarized = _suppressed;
            latest = _latest;
            _intervalStart = now;
            _suppressed = 0;
        }

        if (summarized > 0)
        {
            logger.BackdoorRejectionsSummarized(summarized, (int)s_interval.TotalSeconds, latest);
        }

        logger.BackdoorSessionRejected(session, reason);
    }
}
