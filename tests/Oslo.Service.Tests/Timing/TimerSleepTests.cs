using Microsoft.Extensions.Time.Testing;

using Oslo.Service.Timing;

using Xunit;

namespace Oslo.Service.Tests.Timing;

public class TimerSleepTests
{
    [Fact]
    public void Start_KeepsTheSubMillisecondPartOfTheDueTime()
    {
        FakeTimeProvider clock = new();
        Task sleep = TimerSleep.Start(clock, TimeSpan.FromMilliseconds(20.6), CancellationToken.None);

        clock.Advance(TimeSpan.FromMilliseconds(20.5));
        Assert.False(sleep.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(0.1));
        Assert.True(sleep.IsCompletedSuccessfully);
    }

    [Fact]
    public void Start_Cancelled_EndsAtOnceWithoutAnException_AndTheTimerNoLongerFires()
    {
        FakeTimeProvider clock = new();
        using CancellationTokenSource abort = new();
        Task sleep = TimerSleep.Start(clock, TimeSpan.FromSeconds(10), abort.Token);

        abort.Cancel();

        Assert.True(sleep.IsCompletedSuccessfully);
        clock.Advance(TimeSpan.FromSeconds(10)); // a disposed timer: nothing to run, nothing to throw
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Start_NothingToSleep_IsAlreadyComplete(int milliseconds) =>
        Assert.True(TimerSleep.Start(new FakeTimeProvider(), TimeSpan.FromMilliseconds(milliseconds), CancellationToken.None).IsCompletedSuccessfully);

    [Fact]
    public void Start_AlreadyCancelled_IsAlreadyComplete() =>
        Assert.True(TimerSleep.Start(new FakeTimeProvider(), TimeSpan.FromSeconds(1), new CancellationToken(canceled: true)).IsCompletedSuccessfully);

    [Fact]
    public void Start_EndedEitherWay_DisposesItsTimer()
    {
        DisposalCountingClock clock = new();
        using CancellationTokenSource abort = new();
        Task fired = TimerSleep.Start(clock, TimeSpan.FromSeconds(1), abort.Token);
        Task cancelled = TimerSleep.Start(clock, TimeSpan.FromSeconds(5), abort.Token);

        clock.Fake.Advance(TimeSpan.FromSeconds(1));
        Assert.True(fired.IsCompletedSuccessfully);
        Assert.False(cancelled.IsCompleted);
        Assert.Equal(1, clock.Disposed);

        abort.Cancel();
        Assert.True(cancelled.IsCompletedSuccessfully);
        Assert.Equal(2, clock.Disposed);
    }

    private sealed class DisposalCountingClock : TimeProvider
    {
        public FakeTimeProvider Fake { get; } = new();

        public int Disposed { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new CountingTimer(Fake.CreateTimer(callback, state, dueTime, period), this);

        private sealed class CountingTimer(ITimer inner, DisposalCountingClock owner) : ITimer
        {
            private bool _disposed;

            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                if (!_disposed)
                {
                    _disposed = true;
                    owner.Disposed++;
                }

                inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
