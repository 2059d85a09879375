using Microsoft.Extensions.Hosting;

using Oslo.Config;
using Oslo.Service.Launching;

using Xunit;

namespace Oslo.Service.AspNetCore.Tests;

/// <summary>The pre-UseOsloWorkers ways of launching a Host, and the mistakes they let through.</summary>
public sealed class HostAdapterTests
{
    [Fact]
    public void Launch_BuiltHostWithReloadInOneProcess_RefusedAtLaunch()
    {
        using IHost host = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings()).Build();
        var conf = new ConfigOpts();

        var error = Assert.Throws<ArgumentException>(() => Launcher.Launch(conf, host, 1, RestartMethod.Reload));

        Assert.Contains("a Generic Host cannot start again", error.Message, StringComparison.Ordinal);
        Assert.Contains("Func<IHost>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManualLaunch_UseUrlsInThreeWorkers_TheErrorPointsAtTheSharedSocketWay()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using AppProcess app = await AppProcess.StartAsync(
            new { },
            new Dictionary<string, string> { ["TESTAPP_KIND"] = "manual", ["TESTAPP_URL"] = $"http://127.0.0.1:{port}" });

        string line = await app.WaitForLineAsync("bind them once in the parent");

        Assert.Contains("address already in use", line, StringComparison.Ordinal);
        Assert.Contains("builder.UseOsloWorkers()", line, StringComparison.Ordinal);
    }
}
