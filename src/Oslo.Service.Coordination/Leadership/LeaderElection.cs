using System.Diagnostics.CodeAnalysis;

namespace Oslo.Service.Coordination.Leadership;

/// <summary>
/// One election: a loop that takes the lease when it is free and renews it while held (every third of the TTL),
/// and the current <see cref="LeaderTerm"/>, trusted only until the lease's safe part has elapsed on the monotonic
/// clock since the renewal that granted it. Created by <see cref="Coordinator.Election"/>.
/// </summary>
public sealed class LeaderElection : IAsyncDisposable
{
    private readonly CoordinatorContext _context;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private readonly Lock _observing = new();
    private LeaderTerm? _term;

    internal LeaderElection(string name, CoordinatorContext context)
    {
        Name = name;
        _context = context;
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>The election's name in the store.</summary>
    public string Name { get; }

    /// <summary>The term this member may act on now, or null when it is not (or no longer) the leader.</summary>
    public LeaderTerm? CurrentTerm => Volatile.Read(ref _term) is { IsValid: true } term ? term : null;

    /// <summary>Gets <see cref="CurrentTerm"/>.</summary>
    /// <param name="term">The term, when this member leads.</param>
    /// <returns>Whether this member leads now.</returns>
    public bool TryGetTerm([NotNullWhen(true)] out LeaderTerm? term)
    {
        term = CurrentTerm;
        return term is not null;
    }

    /// <summary>Raised (on the election's loop) when this member starts a term; a coordinated task that was skipped runs at once.</summary>
    internal event Action<LeaderTerm>? TermStarted;

    /// <summary>
    /// Whether <paramref name="term"/> may act now. Where the store ends a lease with its holder's session
    /// (PostgreSQL), this renews the lease first, one round trip, so that a leader whose session has ended (and whose
    /// lease another member may have taken at once) never acts on the old term; elsewhere, the monotonic clock decides.
    /// </summary>
    internal async ValueTask<bool> ConfirmAsync(LeaderTerm term, CancellationToken cancellationToken)
    {
        if (!_context.Backend.LeaseFollowsSession || !term.IsValid)
        {
            return term.IsValid;
        }

        TimeProvider clock = _context.TimeProvider;
        long sentAt = clock.GetTimestamp();
        (bool ok, long? token) = await _context.CallAsync(
            ct => _context.Backend.AcquireOrRenewAsync(Name, _context.Member, _context.Ttl, ct), cancellationToken).ConfigureAwait(false);
        if (!ok)
        {
            return false;
        }

        Observe(token, LeaseTiming.ValidUntil(sentAt, _context.Ttl, clock.TimestampFrequency));
        return ReferenceEquals(Volatile.Read(ref _term), term) && term.IsValid;
    }

    /// <summary>Stops campaigning and gives the lease up if held, so that another member takes over without waiting for the TTL.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        if (Interlocked.Exchange(ref _term, null) is { } term)
        {
            term.End();
            await _context.CallAsync(async ct =>
            {
                await _context.Backend.ReleaseAsync(Name, _context.Member, ct).ConfigureAwait(false);
                return true;
            }, CancellationToken.None).ConfigureAwait(false);
            _context.Logger.LeadershipLost(Name, term.FencingToken, "released at stop");
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        int failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            TimeProvider clock = _context.TimeProvider;
            long sentAt = clock.GetTimestamp();
            (bool ok, long? token) = await _context.CallAsync(
                ct => _context.Backend.AcquireOrRenewAsync(Name, _context.Member, _context.Ttl, ct), stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            TimeSpan wait;
            if (!ok)
            {
                failures++;
                wait = _context.RetryAfter(failures);
                // A leader keeps trying at its renew pace while its lease may still be saved.
                if (CurrentTerm is not null)
                {
                    wait = Min(wait, LeaseTiming.RenewInterval(_context.Ttl));
                }
                else if (Volatile.Read(ref _term) is { } expired)
                {
                    Lose(expired, "lease not renewed in time: the store did not answer");
                }
            }
            else
            {
                failures = 0;
                Observe(token, LeaseTiming.ValidUntil(sentAt, _context.Ttl, clock.TimestampFrequency));
                if (token is null)
                {
                    // A follower: until the store says the lease may be free (the holder's TTL ran out, it released,
                    // its session ended), at most a poll interval.
                    if (!await WaitForVacancyAsync(stopping).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                wait = LeaseTiming.RenewInterval(_context.Ttl);
            }

            try
            {
                await Task.Delay(wait, clock, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // False when stopping. A store that fails the wait costs a plain poll interval, never a spin.
    private async Task<bool> WaitForVacancyAsync(CancellationToken stopping)
    {
        TimeSpan poll = LeaseTiming.PollInterval(_context.Ttl);
        try
        {
            if (_context.TimeProvider == TimeProvider.System)
            {
                await _context.Backend.WaitForVacancyAsync(Name, poll, stopping).ConfigureAwait(false);
                return !stopping.IsCancellationRequested;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception)
        {
            _context.Logger.BackendStillUnreachable(exception.Message);
        }

        try
        {
            await Task.Delay(poll, _context.TimeProvider, stopping).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Observe(long? token, long validUntil)
    {
        LeaderTerm? started;
        lock (_observing)
        {
            started = ObserveLocked(token, validUntil);
        }

        if (started is not null)
        {
            TermStarted?.Invoke(started);
        }
    }

    private LeaderTerm? ObserveLocked(long? token, long validUntil)
    {
        LeaderTerm? current = Volatile.Read(ref _term);
        if (token is not { } granted)
        {
            if (current is not null)
            {
                Lose(current, "another member holds the lease");
            }

            return null;
        }

        // The same token means the store never let the lease lapse: the term goes on, even if this member had
        // stopped trusting it locally for a moment (the safe share is shorter than the store's TTL).
        if (current is not null && current.FencingToken == granted)
        {
            current.Extend(validUntil);
            return null;
        }

        if (current is not null)
        {
            // The store started a new term: whatever this member did under the old token is over, even if it is
            // this member again (it was paused, or cut off, past its lease).
            Lose(current, $"a new term began with token {granted}");
        }

        var term = new LeaderTerm(Name, granted, validUntil, _context.TimeProvider);
        Volatile.Write(ref _term, term);
        _context.Logger.LeadershipAcquired(Name, granted, _context.Member);
        return term;
    }

    private void Lose(LeaderTerm term, string reason)
    {
        term.End();
        if (Interlocked.CompareExchange(ref _term, null, term) == term)
        {
            _context.Logger.LeadershipLost(Name, term.FencingToken, reason);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
