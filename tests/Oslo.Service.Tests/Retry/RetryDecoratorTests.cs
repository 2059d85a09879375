using Microsoft.Extensions.Logging;

using Oslo.Service.Retry;
using Oslo.Service.Tests.Support;

using Xunit;

namespace Oslo.Service.Tests.Retry;

public class RetryDecoratorTests
{
    private readonly TestClock _clock = new();
    private readonly ListLogger _log = new();

    [Theory]
    [InlineData(1, 2, 60, 2)]
    [InlineData(2, 2, 60, 4)]
    [InlineData(3, 2, 60, 6)]
    [InlineData(7, 10, 60, 60)]
    public void SleepBefore_GrowsLinearlyUpToTheCap(int retry, double inc, double max, double expected) =>
        Assert.Equal(TimeSpan.FromSeconds(expected), RetryPolicy.SleepBefore(retry, TimeSpan.FromSeconds(inc), TimeSpan.FromSeconds(max)));

    [Theory]
    [InlineData(0, -1, true)]
    [InlineData(1000, -1, true)]
    [InlineData(2, 3, true)]
    [InlineData(3, 3, false)]
    public void CanRetry_HonoursTheBudget(int count, int max, bool expected) =>
        Assert.Equal(expected, RetryPolicy.CanRetry(count, max));

    [Fact]
    public async Task ExecuteAsync_Success_ReturnsTheResultWithoutSleeping()
    {
        RetryDecorator retry = new(exceptions: [typeof(IOException)], timeProvider: _clock, logger: _log);

        Assert.Equal(42, await Eventually.CompletesAsync(retry.ExecuteAsync(_ => Task.FromResult(42))));
        Assert.Empty(_clock.Sleeps);
    }

    [Fact]
    public async Task ExecuteAsync_MaxRetries3_Waits246ThenRethrows()
    {
        // oslo: max_retry_count=3, inc=2 → waits 2, 4, 6 then the exception.
        int calls = 0;
        RetryDecorator retry = new(3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), [typeof(IOException)], _clock, _log);

        Task<int> running = retry.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new FileNotFoundException(); // a subclass of a listed type is retried
        }, "flaky");
        List<TimeSpan> sleeps = await _clock.RunUntilAsync(running);

        await Assert.ThrowsAsync<FileNotFoundException>(() => running);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6)], sleeps);
        Assert.Equal(4, calls);
        Assert.Contains("Cannot retry flaky upon suggested exception since retry count (3) reached max retry count (3).", _log.Messages(LogLevel.Debug));
        Assert.Contains("Invoking flaky; retry count is 3.", _log.Messages(LogLevel.Debug));
    }

    [Fact]
    public async Task ExecuteAsync_TwoExpectedErrorsThenSuccess_ReturnsAfterTwoSleeps()
    {
        int calls = 0;
        RetryDecorator retry = new(-1, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), [typeof(IOException)], _clock, _log);

        Task<string> running = retry.ExecuteAsync(_ => ++calls < 3 ? throw new IOException() : Task.FromResult("ok"));
        List<TimeSpan> sleeps = await _clock.RunUntilAsync(running);

        Assert.Equal("ok", await running);
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)], sleeps);
    }

    [Fact]
    public async Task ExecuteAsync_UnexpectedException_PropagatesAtOnce()
    {
        int calls = 0;
        RetryDecorator retry = new(exceptions: [typeof(IOException)], timeProvider: _clock, logger: _log);

        await Assert.ThrowsAsync<InvalidDataException>(() => Eventually.CompletesAsync(retry.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new InvalidDataException();
        })));

        Assert.Equal(1, calls);
        Assert.Empty(_clock.Sleeps);
    }

    [Fact]
    public async Task ExecuteAsync_NoExceptionsListed_RetriesNothing()
    {
        RetryDecorator retry = new(timeProvider: _clock, logger: _log);

        await Assert.ThrowsAsync<IOException>(() => Eventually.CompletesAsync(retry.ExecuteAsync(_ => Task.FromException(new IOException()))));
        Assert.Empty(_clock.Sleeps);
    }

    [Fact]
    public async Task ExecuteAsync_SecondCall_StartsFromAFreshCount()
    {
        // oslo's quirk (counters kept on the decorator) is fixed: each call has its own budget and sleeps.
        RetryDecorator retry = new(1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), [typeof(IOException)], _clock, _log);
        Func<CancellationToken, Task<int>> wrapped = retry.Wrap(FailOnceThenSucceed());

        Task<int> first = wrapped(CancellationToken.None);
        Assert.Equal([TimeSpan.FromSeconds(2)], await _clock.RunUntilAsync(first));
        Task<int> second = wrapped(CancellationToken.None);
        Assert.Equal([TimeSpan.FromSeconds(2)], await _clock.RunUntilAsync(second));

        Assert.Equal(2, await first);
        Assert.Equal(4, await second);
    }

    [Fact]
    public async Task ExecuteAsync_SynchronousFunction_RetriesAndReturns()
    {
        int calls = 0;
        RetryDecorator retry = new(2, TimeSpan.Zero, TimeSpan.Zero, [typeof(IOException)], _clock, _log);

        Assert.Equal(3, await retry.ExecuteAsync(() => ++calls < 3 ? throw new IOException() : calls));
    }

    [Fact]
    public async Task ExecuteAsync_SynchronousAction_RetriesOnlyListedExceptions()
    {
        int calls = 0;
        RetryDecorator retry = new(5, TimeSpan.Zero, TimeSpan.Zero, [typeof(IOException)], _clock, _log);

        await Assert.ThrowsAsync<InvalidDataException>(() => retry.ExecuteAsync(() =>
        {
            calls++;
            throw calls < 3 ? new IOException() : new InvalidDataException();
        }));
        Assert.Equal(3, calls);
    }

    [Fact]
    public void Constructor_NonExceptionType_Throws() =>
        Assert.Throws<ArgumentException>(() => new RetryDecorator(exceptions: [typeof(string)]));

    private static Func<CancellationToken, Task<int>> FailOnceThenSucceed()
    {
        int calls = 0;
        return _ => ++calls % 2 == 1 ? throw new IOException() : Task.FromResult(calls);
    }
}
