using System.Collections.Concurrent;

using Microsoft.Extensions.Hosting;

using Oslo.Service.Hosting;

using Xunit;

namespace Oslo.Service.Tests.Hosting;

public sealed class HostedServiceAdapterTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task BackgroundService_StartsThenStopsGracefullyAndWaitCompletes()
    {
        var background = new RecordingBackgroundService();
        var adapter = new HostedServiceAdapter(background);

        await adapter.StartAsync();
        await background.Running.Task.WaitAsync(s_deadline);
        Task wait = adapter.WaitAsync();
        Assert.False(wait.IsCompleted);
        await adapter.StopAsync(graceful: true).WaitAsync(s_deadline);

        await wait.WaitAsync(s_deadline);
        Assert.True(background.SawStopping);
    }

    [Fact]
    public async Task StopAsync_NotGraceful_HandsTheServiceACancelledToken()
    {
        var lifecycle = new RecordingLifecycleService();
        var adapter = new HostedServiceAdapter(lifecycle);
        await adapter.StartAsync();

        await adapter.StopAsync(graceful: false);

        Assert.True(lifecycle.StopTokenWasCancelled);
    }

    [Fact]
    public async Task LifecycleService_CallbacksRunInTheHostsOrder()
    {
        var lifecycle = new RecordingLifecycleService();
        var adapter = new HostedServiceAdapter(lifecycle);

        await adapter.StartAsync();
        await adapter.StopAsync(graceful: true);

        Assert.Equal(["starting", "start", "started", "stopping", "stop", "stopped"], lifecycle.Calls);
    }

    [Fact]
    public async Task Restart_AfterAStop_WaitsForTheNextStop()
    {
        var adapter = new HostedServiceAdapter(new RecordingLifecycleService());
        await adapter.StartAsync();
        await adapter.StopAsync(graceful: true);
        await adapter.WaitAsync().WaitAsync(s_deadline);

        await adapter.StartAsync();

        Assert.False(adapter.WaitAsync().IsCompleted);
        Assert.Equal("RecordingLifecycleService", adapter.ToString());
    }

    private sealed class RecordingBackgroundService : BackgroundService
    {
        public TaskCompletionSource Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool SawStopping { get; private set; }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            Running.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                SawStopping = true;
            }
        }
    }

    private sealed class RecordingLifecycleService : IHostedLifecycleService
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public bool StopTokenWasCancelled { get; private set; }

        public Task StartingAsync(CancellationToken cancellationToken) => Record("starting");

        public Task StartAsync(CancellationToken cancellationToken) => Record("start");

        public Task StartedAsync(CancellationToken cancellationToken) => Record("started");

        public Task StoppingAsync(CancellationToken cancellationToken) => Record("stopping");

        public Task StopAsync(CancellationToken cancellationToken)
        {
            StopTokenWasCancelled = cancellationToken.IsCancellationRequested;
            return Record("stop");
        }

        public Task StoppedAsync(CancellationToken cancellationToken) => Record("stopped");

        private Task Record(string call)
        {
            Calls.Enqueue(call);
            return Task.CompletedTask;
        }
    }
}
