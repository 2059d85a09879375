using System.Diagnostics.Metrics;

using OpenTelemetry;
using OpenTelemetry.Metrics;

using Oslo.Service.Metrics;
using Oslo.Service.Supervision;

using MetricPoint = Oslo.Service.Metrics.MetricPoint;

using Xunit;

namespace Oslo.Service.Tests.Metrics;

public sealed class MetricsTests
{
    [Fact]
    public void ServiceMeter_AListenerLikeDotnetCounters_SeesTheInstrumentsByTheirOpenTelemetryNames()
    {
        var published = new HashSet<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == OsloMeters.Service)
                {
                    lock (published)
                    {
                        published.Add($"{instrument.Name} [{instrument.Unit}]");
                    }
                }
            },
        };
        ServiceMetrics.RecordRestart(RestartReasons.Signal);
        listener.Start();

        Assert.Contains("oslo.service.worker.restarts [{restart}]", published);
        Assert.Contains("oslo.service.worker.count [{worker}]", published);
        Assert.Contains("oslo.service.reload.duration [s]", published);
        Assert.Contains("oslo.periodic_task.lateness [s]", published);
        Assert.Contains("oslo.looping_call.overruns [{overrun}]", published);
    }

    [Fact]
    public void Collector_CountsRestartsByReason_AndTheSnapshotSurvivesTheWire()
    {
        using var collector = new MetricsCollector([OsloMeters.Service]);
        double before = collector.Snapshot().Points.Where(p => p.Name == "oslo.service.worker.restarts" && p.Tags.Any(t => t.Value == "hung")).Sum(p => p.Value);

        ServiceMetrics.RecordRestart(RestartReasons.Hung);
        ServiceMetrics.RecordRestart(RestartReasons.Hung);
        MetricsSnapshot parsed = MetricsSnapshot.Parse(collector.Snapshot().Serialize());

        MetricPoint hung = Assert.Single(parsed.Points, p => p.Name == "oslo.service.worker.restarts" && p.Tags.Any(t => t.Key == "oslo.restart.reason" && t.Value == "hung"));
        Assert.Equal(before + 2, hung.Value);
        Assert.Equal(MetricKind.Counter, hung.Kind);
    }

    [Fact]
    public void Collector_Histogram_UsesTheAdvisedBuckets()
    {
        using var collector = new MetricsCollector([OsloMeters.Service]);
        ServiceMetrics.RecordPeriodicRun("MetricsTests.bucketed", TimeSpan.FromMilliseconds(30), TimeSpan.FromSeconds(3));

        MetricPoint lateness = Assert.Single(MetricsSnapshot.Parse(collector.Snapshot().Serialize()).Points,
            p => p.Name == "oslo.periodic_task.lateness" && p.Tags.Any(t => t.Value == "MetricsTests.bucketed"));
        Assert.Equal(ServiceMetrics.DurationBuckets, lateness.Bounds);
        Assert.Equal(1, lateness.Count);
        Assert.Equal(1, lateness.BucketCounts[3]); // (0.025, 0.05]
    }

    [Fact]
    public void Family_WorkerRestarts_CountersNeverGoBackwards()
    {
        var family = new FamilyMetrics();
        object first = new(), second = new(), replacement = new();
        family.Report(first, "0", Snapshot(counter: 600, gauge: 3));
        family.Report(second, "1", Snapshot(counter: 400, gauge: 2));
        Assert.Equal(1000, Total(family, FamilyMetrics.AllWorkers));

        family.Retire(first);
        Assert.Equal(1000, Total(family, FamilyMetrics.AllWorkers));
        Assert.Equal(600, Total(family, "0"));
        family.Report(replacement, "0", Snapshot(counter: 5, gauge: 1));

        Assert.Equal(1005, Total(family, FamilyMetrics.AllWorkers));
        Assert.Equal(605, Total(family, "0"));
        Assert.Equal(3, Gauge(family, FamilyMetrics.AllWorkers));
    }

    [Fact]
    public void PrometheusText_RequestDuration_IsNamedAsAspNetCoresThroughOpenTelemetry()
    {
        var point = new MetricPoint("http.server.request.duration", "s", "Duration of HTTP server requests.", MetricKind.Histogram,
            [new("http.request.method", "GET"), new("http.response.status_code", "200")], 0, [0.1, 1], [3, 1, 0], 0.5, 4);
        var restarts = new MetricPoint("oslo.service.worker.restarts", "{restart}", "", MetricKind.Counter, [new("oslo.restart.reason", "signal")], 2, [], [], 0, 0);

        string text = PrometheusText.Render([(new KeyValuePair<string, string>("worker_id", "0"), [point, restarts])]);

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_code=\"200\",worker_id=\"0\",le=\"0.1\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_code=\"200\",worker_id=\"0\",le=\"+Inf\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_count{http_request_method=\"GET\",http_response_status_code=\"200\",worker_id=\"0\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("oslo_service_worker_restarts_total{oslo_restart_reason=\"signal\",worker_id=\"0\"} 2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOsloServiceInstrumentation_OpenTelemetrySdk_ExportsOurMeters()
    {
        var exported = new List<Metric>();
        using (MeterProvider provider = Sdk.CreateMeterProviderBuilder()
            .AddOsloServiceInstrumentation()
            .AddInMemoryExporter(exported)
            .Build())
        {
            ServiceMetrics.RecordRestart(RestartReasons.Recycle);
            provider.ForceFlush();
        }

        Assert.Contains(exported, metric => metric.Name == "oslo.service.worker.restarts" && metric.MeterName == OsloMeters.Service);
    }

    private static MetricsSnapshot Snapshot(double counter, double gauge) => new(
    [
        new MetricPoint("requests", "{request}", "", MetricKind.Counter, [], counter, [], [], 0, 0),
        new MetricPoint("inflight", "{request}", "", MetricKind.Gauge, [], gauge, [], [], 0, 0),
    ]);

    private static double Total(FamilyMetrics family, string workerId) =>
        family.Render().Single(slot => slot.WorkerId == workerId).Points.Single(p => p.Name == "requests").Value;

    private static double Gauge(FamilyMetrics family, string workerId) =>
        family.Render().Single(slot => slot.WorkerId == workerId).Points.Single(p => p.Name == "inflight").Value;
}
