namespace Oslo.Service.Supervision;

/// <summary>
/// The restart history of one service's workers, fed to <see cref="RestartPolicy"/>. Not thread-safe: the pool's
/// loop owns it.
/// </summary>
internal sealed class RestartTracker(TimeProvider timeProvider)
{
    private readonly List<TimeSpan> _forks = [];
    private readonly List<TimeSpan> _restarts = [];
    private readonly long _origin = timeProvider.GetTimestamp();

    /// <summary>Workers that died in a row before reporting ready.</summary>
    internal int ConsecutiveBootFailures { get; private set; }

    /// <summary>Restarts remembered in the current window.</summary>
    internal int RestartsInPeriod => _restarts.Count;

    /// <summary>Records a process start (first start, restart or replacement).</summary>
    internal void OnSpawned(int workers)
    {
        _forks.Add(Now);
        while (_forks.Count > workers + 1)
        {
            _forks.RemoveAt(0);
        }
    }

    /// <summary>A worker reported ready: the boot-failure streak ends.</summary>
    internal void OnReady() => ConsecutiveBootFailures = 0;

    /// <summary>
    /// A worker died while the launcher runs: records it and returns how long to wait before starting its
    /// replacement. Consumes oslo's oldest fork time, as <c>_start_child</c> pops it.
    /// </summary>
    internal RestartDecision OnDied(bool beforeReady, int workers, SupervisionSettings settings)
    {
        TimeSpan now = Now;
        ConsecutiveBootFailures = beforeReady ? ConsecutiveBootFailures + 1 : 0;
        _restarts.Add(now);
        _restarts.RemoveAll(t => now - t > settings.RestartPeriod);
        RestartDecision decision = RestartPolicy.Decide(_forks, _restarts.Count, ConsecutiveBootFailures, workers, now, settings);
        if (_forks.Count > workers)
        {
            _forks.RemoveAt(0);
        }

        return decision;
    }

    /// <summary>Forget the fork window (scaling and reloads start workers on purpose; cotyledon does the same).</summary>
    internal void ResetForkWindow() => _forks.Clear();

    private TimeSpan Now => timeProvider.GetElapsedTime(_origin);
}
