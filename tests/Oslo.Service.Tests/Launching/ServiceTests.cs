using Oslo.Service.Launching;

using OsloService = Oslo.Service.Launching.Service;

using Xunit;

namespace Oslo.Service.Tests.Launching;

public sealed class ServiceTests
{
    private static readonly TimeSpan s_deadline = LauncherHarness.Deadline;

    [Fact]
    public async Task StopAsync_Graceful_LetsTheThreadInFlightFinish()
    {
        var service = new OsloService();
        var gate = new TaskCompletionSource();
        bool completed = false;
        service.ThreadGroup.AddThread(async _ =>
        {
            await gate.Task;
            completed = true;
        });

        Task stop = service.StopAsync(graceful: true);
        Assert.False(stop.IsCompleted);
        gate.SetResult();
        await stop.WaitAsync(s_deadline);
        await service.WaitAsync().WaitAsync(s_deadline);

        Assert.True(completed);
    }

    [Fact]
    public async Task StopAsync_NotGraceful_CancelsTheThread()
    {
        var service = new OsloService();
        var started = new TaskCompletionSource();
        bool completed = false;
        service.ThreadGroup.AddThread(async token =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            completed = true;
        });
        await started.Task.WaitAsync(s_deadline);

        await service.StopAsync(graceful: false).WaitAsync(s_deadline);
        await service.WaitAsync().WaitAsync(s_deadline);

        Assert.False(completed);
    }

    [Fact]
    public async Task StartAndReset_DoNothing_AndOverriddenMethodsStayCallable()
    {
        var service = new ManagerService();

        await service.StartAsync();
        await service.ResetAsync();

        Assert.Equal("manager", service.Manage());
        Assert.Empty(service.ThreadGroup.Threads);
    }

    private sealed class ManagerService : OsloService
    {
        public string Manage() => "manager";
    }
}
