using Microsoft.Extensions.Hosting;

using Oslo.Config;

namespace Oslo.Service.TestHost;

/// <summary>A plain Generic Host background service, run by the oslo launcher through the interop adapters.</summary>
internal sealed class GreetingBackgroundService(ConfigOpts conf) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Console.Out.WriteLine($"background running greeting={conf.GetValue<string>("greeting", "testhost")}");
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            Console.Out.WriteLine("background stopped");
        }
    }
}
