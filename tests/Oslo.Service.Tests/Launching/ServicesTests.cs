using System.Collections.Concurrent;

using Oslo.Service.Launching;

using Xunit;

namespace Oslo.Service.Tests.Launching;

public sealed class ServicesTests
{
    private static readonly TimeSpan s_deadline = LauncherHarness.Deadline;
    private readonly ConcurrentQueue<string> _journal = new();

    [Fact]
    public async Task Add_StartsTheServiceInTheBackground()
    {
        var services = new Services();
        services.Add(new RecordingService("a", _journal));

        await services.WhenStartedAsync().WaitAsync(s_deadline);

        Assert.Equal(["a.start"], _journal);
    }

    [Fact]
    public async Task StopAsync_StopsInReverseStartOrder_ThenReleasesWait()
    {
        var services = new Services();
        services.Add(new RecordingService("a", _journal));
        services.Add(new RecordingService("b", _journal));
        await services.WhenStartedAsync().WaitAsync(s_deadline);
        Task wait = services.WaitAsync();
        Assert.False(wait.IsCompleted);

        await services.StopAsync(graceful: false).WaitAsync(s_deadline);
        await wait.WaitAsync(s_deadline);

        Assert.Equal(["b.stop(now)", "a.stop(now)", "a.wait", "b.wait"], _journal.Skip(2));
    }

    [Fact]
    public async Task StopAsync_Twice_IsSafe()
    {
        var services = new Services();
        services.Add(new RecordingService("a", _journal));
        await services.WhenStartedAsync().WaitAsync(s_deadline);

        await services.StopAsync().WaitAsync(s_deadline);
        await services.StopAsync().WaitAsync(s_deadline);

        Assert.Equal(2, _journal.Count(e => e == "a.stop(graceful)"));
    }

    [Fact]
    public async Task StopAsync_FailingStops_StopsTheRestAndThrowsOnce()
    {
        var services = new Services();
        services.Add(new ThrowingStopService("x"));
        services.Add(new RecordingService("a", _journal));
        services.Add(new ThrowingStopService("y"));
        await services.WhenStartedAsync().WaitAsync(s_deadline);

        AggregateException error = await Assert.ThrowsAsync<AggregateException>(() => services.StopAsync());

        Assert.Equal(["y", "x"], error.InnerExceptions.Select(e => e.Message));
        Assert.Contains("a.stop(graceful)", _journal);
    }

    [Fact]
    public async Task WhenStartedAsync_FailingStart_FaultsWithTheError()
    {
        var services = new Services();
        services.Add(new RecordingService("a", _journal) { FailStart = new InvalidOperationException("boom") });

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => services.WhenStartedAsync());
        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public async Task RestartAsync_Reload_StopsWaitsThenResetsEachInOrderThenStartsThem()
    {
        var services = new Services(RestartMethod.Reload);
        services.Add(new RecordingService("a", _journal));
        await services.WhenStartedAsync().WaitAsync(s_deadline);
        services.Add(new RecordingService("b", _journal));
        await services.WhenStartedAsync().WaitAsync(s_deadline);

        await services.RestartAsync().WaitAsync(s_deadline);

        string[] journal = [.. _journal];
        Assert.Equal(
            ["a.start", "b.start", "b.stop(graceful)", "a.stop(graceful)", "a.wait", "b.wait", "a.reset", "b.reset"],
            journal[..^2]);
        // The starts run in the background, side by side, as oslo's green threads do.
        Assert.Equal(["a.start", "b.start"], journal[^2..].Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RestartAsync_Mutate_OnlyResets()
    {
        var services = new Services(RestartMethod.Mutate);
        services.Add(new RecordingService("a", _journal));
        await services.WhenStartedAsync().WaitAsync(s_deadline);

        await services.RestartAsync().WaitAsync(s_deadline);

        Assert.Equal(["a.start", "a.reset"], _journal);
    }

    [Fact]
    public void Constructor_InvalidRestartMethod_ThrowsOsloError()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new Services((RestartMethod)7));

        Assert.StartsWith("Invalid restart_method: 7", error.Message, StringComparison.Ordinal);
    }

    private sealed class ThrowingStopService(string name) : ServiceBase
    {
        public override Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(name);

        public override Task WaitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override Task ResetAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
