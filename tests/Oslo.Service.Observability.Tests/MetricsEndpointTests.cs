using Xunit;

namespace Oslo.Service.Observability.Tests;

/// <summary>The family <c>/metrics</c> endpoint of HelloApi with 2 workers, scraped directly and by a real Prometheus.</summary>
public sealed class MetricsEndpointTests
{
    private const string RequestCount = "http_server_request_duration_seconds_count";
    private const string AllWorkers = "worker_id=\"all\"";

    [Fact]
    public async Task FamilyEndpoint_ThousandRequestsThenSigkillThenSighup_TotalsExactAndNeverBackwards()
    {
        await using HelloApiFamily hello = await HelloApiFamily.StartAsync();
        await using PrometheusServer prometheus = await PrometheusServer.StartAsync($"127.0.0.1:{hello.MetricsPort}");

        // A new connection per request, so both workers accept some from the shared listening socket.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.ConnectionClose = true;
        int failed = 0;
        await Parallel.ForAsync(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, ct) =>
        {
            using HttpResponseMessage response = await client.GetAsync(new Uri($"http://127.0.0.1:{hello.Port}/"), ct);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failed);
            }
        });
        Assert.Equal(0, failed);

        await Eventually.TrueAsync(() => hello.SumAsync(RequestCount, AllWorkers), total => total == 1000, "a family total of 1000 requests");
        string exposition = await hello.ScrapeAsync();
        double worker0 = HelloApiFamily.Sum(exposition, RequestCount, "worker_id=\"0\"");
        double worker1 = HelloApiFamily.Sum(exposition, RequestCount, "worker_id=\"1\"");
        Assert.True(worker0 > 0 && worker1 > 0, $"worker 0 served {worker0}, worker 1 served {worker1}");
        Assert.Equal(1000, worker0 + worker1);

        // The same sum through a real Prometheus server's HTTP API.
        await Eventually.TrueAsync(() => prometheus.QueryAsync($"sum({RequestCount}{{{AllWorkers}}})"), value => value == 1000,
            "Prometheus to report 1000 requests for the family");

        // SIGKILL worker 0: one restart with reason signal; the totals keep what the dead worker counted.
        int killed = (await Ctl.StatusAsync(hello.Socket)).Single(w => w.Id == 0).Pid;
        ChildProcess.SignalPid(killed, 9);
        await Eventually.TrueAsync(() => hello.SumAsync("oslo_service_worker_restarts_total", "oslo_restart_reason=\"signal\""), restarts => restarts == 1,
            "one restart with reason signal");
        var ready = await hello.WaitForReadyAsync(2);
        Assert.NotEqual(killed, ready.Single(w => w.Id == 0).Pid);
        Assert.Equal(1000, await hello.SumAsync(RequestCount, AllWorkers));
        Assert.Equal(worker0, await hello.SumAsync(RequestCount, "worker_id=\"0\""));

        // SIGHUP: one reload, with its outcome; still no counter went backwards.
        hello.Process.Signal(1);
        await Eventually.TrueAsync(() => hello.SumAsync("oslo_service_reloads_total", "oslo_reload_outcome=\"success\""), reloads => reloads == 1,
            "one successful reload");
        Assert.Equal(1, await hello.SumAsync("oslo_service_reload_duration_seconds_count", "oslo_reload_outcome=\"success\""));
        await hello.WaitForReadyAsync(2);
        Assert.Equal(1000, await hello.SumAsync(RequestCount, AllWorkers));
        await Eventually.TrueAsync(() => prometheus.QueryAsync("sum(oslo_service_worker_restarts_total{oslo_restart_reason=\"signal\"})"), value => value == 1,
            "Prometheus to see the restart");
    }
}
