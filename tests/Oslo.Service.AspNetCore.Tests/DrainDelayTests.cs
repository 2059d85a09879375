using System.Diagnostics;

using Xunit;

namespace Oslo.Service.AspNetCore.Tests;

/// <summary>
/// #17 two-phase drain with <c>UseOsloWorkers</c>, real processes: with <c>Oslo:DrainDelay = 2</c>, SIGTERM to the
/// parent turns the app's mapped health checks to 503 at once while its other endpoints keep serving; then the
/// listener closes, a request in flight completes, and the family exits 0.
/// </summary>
public sealed class DrainDelayTests
{
    [Fact]
    public async Task DrainDelayTwo_Sigterm_HealthAt503AtOnce_StillServing_InFlightCompletes_ExitZero()
    {
        await using AppProcess app = await AppProcess.StartAsync(TestApp.Settings("drain", 2), null, "--Oslo:DrainDelay=2");
        int port = await TestApp.PortAsync(app, "http");
        await TestApp.AllReadyAsync(app, 2);
        Target target = Target.Http(port);
        Assert.Equal(200, (await HttpProbe.GetOnceAsync(target, "/healthz")).Status);

        var sinceSigterm = Stopwatch.StartNew();
        app.Signal(AppProcess.SigTerm);

        // Readiness first: every probe is answered (the listener is open) until one says 503.
        Response health;
        do
        {
            health = await HttpProbe.GetOnceAsync(target, "/healthz");
        }
        while (health.Status == 200 && sinceSigterm.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(503, health.Status);
        Assert.Contains("Unhealthy", health.Body, StringComparison.Ordinal);
        // "At once" is proven by what follows rather than by a clock (a loaded machine may be slow to deliver the
        // signals): the 503 came while the listener was open, since requests after it are still served.
        // A request that will be in flight when the listener closes, and new ones meanwhile. The workers' delay starts when they get the parent's SIGTERM, so at least 2 s after ours; new requests stop
        // 1 s before that, so a loaded machine's slow accept cannot make one miss the listener.
        Task<Response> inFlight = HttpProbe.GetOnceAsync(target, "/slow", TimeSpan.FromSeconds(60));
        int served = 0;
        while (sinceSigterm.Elapsed < TimeSpan.FromSeconds(1) || served == 0)
        {
            Response response = await HttpProbe.GetOnceAsync(target, "/");
            Assert.Equal(200, response.Status);
            Assert.StartsWith("drain worker=", response.Body, StringComparison.Ordinal);
            served++;
        }

        Assert.Equal("slow done\n", (await inFlight).Body);
        Assert.Equal(0, await app.WaitForExitAsync());
        Assert.Equal(2, app.Lines("Draining: readiness reports 503, requests still served for drain_delay 2 s").Count);
        Assert.Contains("Services stopped, exit status 0", app.Lines($"[parent pid {app.Pid}]").LastOrDefault() ?? "", StringComparison.Ordinal);
    }
}
