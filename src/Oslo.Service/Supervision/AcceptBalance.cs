namespace Oslo.Service.Supervision;

/// <summary>
/// A worker's side of the <see cref="ConnectionBoard"/>: counts this process's open connections on the board and,
/// before each accept, lets the other workers take the next connection while this one holds more than its share.
/// </summary>
/// <remarks>
/// The wait is short and bounded (<see cref="MaxDefer"/>): when no other worker takes the connection in that time
/// (all busy, or the others hold their share too), this one accepts it. So a connection waits at most that long in
/// the queue because of the balance, and only when every other worker is slower to accept than that.
/// </remarks>
internal sealed class AcceptBalance : IDisposable
{
    /// <summary>The longest a worker holds back an accept.</summary>
    internal static readonly TimeSpan MaxDefer = TimeSpan.FromMilliseconds(5);

    /// <summary>How often a held-back accept looks at the board again.</summary>
    internal static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    private readonly ConnectionBoard _board;
    private readonly TimeProvider _timeProvider;
    private int _slot;

    private AcceptBalance(ConnectionBoard board, int slot, TimeProvider timeProvider)
    {
        _board = board;
        _slot = slot;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Joins this worker's board (<see cref="ConnectionBoard.Current"/>) as an accepting process; null when there is
    /// no board (a single process, a platform without one) or it is full: the worker then accepts without balancing.
    /// </summary>
    internal static AcceptBalance? Join(TimeProvider? timeProvider = null)
    {
        if (ConnectionBoard.Current is not { } board)
        {
            return null;
        }

        int slot = board.Claim(Environment.ProcessId);
        return slot < 0 ? null : new AcceptBalance(board, slot, timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// The rule: hold back while this worker has more than one connection above an even share of the accepting
    /// workers' connections (its own included). Alone, or at its share, it accepts at once.
    /// </summary>
    /// <param name="mine">This worker's open connections.</param>
    /// <param name="total">The open connections of every accepting worker, this one's included.</param>
    /// <param name="accepting">How many workers accept, this one included.</param>
    internal static bool ShouldDefer(int mine, int total, int accepting) =>
        accepting > 1 && (long)mine * accepting > (long)total + accepting;

    /// <summary>A connection was accepted.</summary>
    internal void Opened()
    {
        if (Volatile.Read(ref _slot) is int slot and >= 0)
        {
            _board.Add(slot, 1);
        }
    }

    /// <summary>A connection closed.</summary>
    internal void Closed()
    {
        if (Volatile.Read(ref _slot) is int slot and >= 0)
        {
            _board.Add(slot, -1);
        }
    }

    /// <summary>Completes when this worker may accept: at once at its share, else after the others had their turn.</summary>
    internal ValueTask WaitForTurnAsync(CancellationToken cancellationToken) =>
        Defer() ? DeferAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <summary>Leaves the board: this worker no longer accepts (draining, or stopping).</summary>
    public void Dispose()
    {
        int slot = Interlocked.Exchange(ref _slot, -1);
        if (slot >= 0)
        {
            _board.Release(slot);
        }
    }

    private bool Defer()
    {
        int slot = Volatile.Read(ref _slot);
        if (slot < 0)
        {
            return false;
        }

        (int total, int accepting) = _board.Read();
        return ShouldDefer(_board.CountOf(slot), total, accepting);
    }

    private async ValueTask DeferAsync(CancellationToken cancellationToken)
    {
        long start = _timeProvider.GetTimestamp();
        try
        {
            do
            {
                await Task.Delay(Step, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            while (Defer() && _timeProvider.GetElapsedTime(start) < MaxDefer);
        }
        catch (OperationCanceledException)
        {
            // The accept itself sees the cancellation.
        }
    }
}
