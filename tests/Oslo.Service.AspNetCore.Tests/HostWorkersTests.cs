using Xunit;

namespace Oslo.Service.AspNetCore.Tests;

/// <summary><c>UseOsloWorkers</c> on a Generic Host app without a server: N copies of its BackgroundService.</summary>
public sealed class HostWorkersTests
{
    [Theory]
    [InlineData("background")]
    [InlineData("hostbuilder")]
    public async Task BackgroundServiceApp_RunsNCopies_AndStopsCleanly(string kind)
    {
        await using AppProcess app = await AppProcess.StartAsync(
            new { Oslo = new { Workers = 3 } },
            new Dictionary<string, string> { ["TESTAPP_KIND"] = kind });
        foreach (int worker in new[] { 0, 1, 2 })
        {
            await app.WaitForLineAsync($"background running worker={worker} ");
        }

        await TestApp.AllReadyAsync(app, 3);
        Assert.DoesNotContain($"pid={app.Pid}", string.Join('\n', app.Lines("background running")), StringComparison.Ordinal);

        app.Signal(AppProcess.SigTerm);

        Assert.Equal(0, await app.WaitForExitAsync());
        Assert.Equal(3, app.Lines("background stopped worker=").Count);
    }
}
