using Oslo.Config;
using Oslo.Service.Launching;

namespace Oslo.Service.TestHost;

/// <summary>An oslo service that prints every lifecycle call with the values it sees.</summary>
internal sealed class TestService(ConfigOpts conf, Knobs knobs, string name) : ServiceBase
{
    private TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (knobs.FailStart)
        {
            throw new InvalidOperationException("start failed on purpose");
        }

        if (_stopped.Task.IsCompleted)
        {
            _stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Console.Out.WriteLine($"{name} started greeting={Greeting()}");
        return Task.CompletedTask;
    }

    public override async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        Console.Out.WriteLine($"{name} stopping graceful={graceful}");
        if (knobs.StopDelayMs > 0)
        {
            // A service that takes its time to drain, whatever it is told.
            await Task.Delay(knobs.StopDelayMs, CancellationToken.None);
        }

        Console.Out.WriteLine($"{name} stopped");
        _stopped.TrySetResult();
    }

    public override Task WaitAsync(CancellationToken cancellationToken = default) => _stopped.Task.WaitAsync(cancellationToken);

    public override async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        Console.Out.WriteLine($"{name} reset begin greeting={Greeting()}");
        if (knobs.ResetDelayMs > 0)
        {
            await Task.Delay(knobs.ResetDelayMs, CancellationToken.None);
        }

        Console.Out.WriteLine($"{name} reset done greeting={Greeting()}");
    }

    private string? Greeting() => conf.GetValue<string>("greeting", "testhost");
}
