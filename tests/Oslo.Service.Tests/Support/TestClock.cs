using System.Collections.Concurrent;
using System.Threading.Channels;

using Microsoft.Extensions.Time.Testing;

namespace Oslo.Service.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records every timer created on it, so a test can wait until the code under
/// test has actually started sleeping before it moves time forward (never assuming continuations already ran).
/// </summary>
internal sealed class TestClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();
    private readonly ConcurrentQueue<TimeSpan> _sleeps = new();

    public TestClock()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Every finite due time of a timer created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Sleeps => [.. _sleeps];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _sleeps.Enqueue(dueTime);
            _created.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Waits (on the real clock, bounded) until the next timer is created and returns its due time.</summary>
    public async Task<TimeSpan> NextSleepAsync(TimeSpan? deadline = null)
    {
        using CancellationTokenSource cts = new(deadline ?? Eventually.DefaultDeadline);
        try
        {
            return await _created.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No timer was created before the deadline.");
        }
    }

    /// <summary>Waits for the next timer and advances fake time by exactly its due time.</summary>
    public async Task<TimeSpan> AdvanceToNextSleepAsync()
    {
        TimeSpan due = await NextSleepAsync();
        Advance(due);
        return due;
    }

    /// <summary>
    /// Drives fake time until <paramref name="task"/> completes: each time the code under test starts a sleep, advance
    /// by exactly that sleep. Returns the sleeps taken.
    /// </summary>
    public async Task<List<TimeSpan>> RunUntilAsync(Task task, int maxSteps = 10_000)
    {
        List<TimeSpan> taken = [];
        using CancellationTokenSource deadline = new(Eventually.DefaultDeadline);
        for (int i = 0; i < maxSteps; i++)
        {
            using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            Task<TimeSpan> next = _created.Reader.ReadAsync(stop.Token).AsTask();
            Task winner = await Task.WhenAny(next, task);
            if (winner == task && !next.IsCompletedSuccessfully)
            {
                stop.Cancel();
                return taken;
            }

            if (!next.IsCompletedSuccessfully)
            {
                throw new TimeoutException("The code under test neither slept nor finished before the deadline.");
            }

            taken.Add(next.Result);
            Advance(next.Result);
        }

        throw new InvalidOperationException("Too many steps.");
    }
}
