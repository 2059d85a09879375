using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

using static Oslo.Bench.BenchProcess;

namespace Oslo.Bench.Scenarios;

/// <summary>
/// <c>bench/run http [--duration 10s] [--warmup 5s] [--rounds 1] [--no-peers]</c>: hello-world HTTP throughput with
/// <c>wrk -t2 -c64 --latency</c> on 127.0.0.1, and failed requests across a SIGHUP reload in the middle of the load
/// (keep-alive connections). Every system gets a warm-up run under the same load first, not measured, so that the
/// figures are its steady state: .NET's tiered JIT recompiles the hot paths during the first seconds of load, and a
/// run that starts cold measures that compilation rather than the server (docs/operations.md).
/// Systems: ours (samples/HelloApi, Release, 2 workers under the ProcessLauncher; access log off, then on; and
/// <c>ours_w1</c>, one worker in the launcher's process; <c>ours_metrics</c>, ours with the <c>[metrics]</c> endpoint on
/// and scraped every second, giving <c>ratio_ours.rps</c> = with / without), bare
/// Kestrel serving the same app with the same runtime settings in a process of its own (the ceiling; ours, Kestrel
/// and ours_w1 run back to back, <c>--rounds</c> rounds within one repetition, medians), Python oslo.service 3.x <c>wsgi.Server</c> with <c>ProcessLauncher(2)</c>
/// (bench/peers/http_oslo.py; logging off, then on: oslo's default access line), gunicorn with 2 sync and 2
/// gthread workers (bench/peers/http_wsgi_app.py). Metrics: <c>rps</c>, <c>p99_ms</c>, <c>reload_failed</c> (wrk's
/// socket errors plus non-2xx answers during a run with a SIGHUP a third of the way in), <c>tls_rps</c> and
/// <c>tls_reload_failed</c> (ours with <c>[ssl]</c>).
/// </summary>
internal sealed partial class HttpScenario : IScenario
{
    private const string Scenario = "http";
    private static readonly TimeSpan s_startDeadline = TimeSpan.FromSeconds(120);

    /// <summary>Every system, in the order they run; <c>--systems</c> picks some.</summary>
    private static readonly string[] s_systems =
        ["ours", "ours_metrics", "kestrel", "ours_w1", "ours_log", "ours_tls", "oslo", "oslo_log", "gunicorn_sync", "gunicorn_gthread"];

    public string Name => Scenario;

    /// <inheritdoc/>
    public string Help => $"""
        Hello-world HTTP with wrk -t2 -c64 on 127.0.0.1: requests/s, p99, the server's CPU and context switches per
        request, and failed requests across a SIGHUP reload; ours (HelloApi) against bare Kestrel and the peers.
        options:
          --duration D      the measured run's length (default 10s)
          --warmup D        the unmeasured run before it (default 5s)
          --rounds N        ours, kestrel and ours_w1 back to back N times within a repetition, medians (default 1)
          --systems A,B     only these systems (default all: {string.Join(',', s_systems)})
          --no-peers        without oslo and gunicorn
          --ours-env K=V    an environment variable for ours only (repeatable), to measure a runtime setting
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var length = new RunLength(WrkLoad.ArgValue(args, "--duration") ?? "10s", WrkLoad.ArgValue(args, "--warmup") ?? "5s");
        int repeat = int.Parse(WrkLoad.ArgValue(args, "--rounds") ?? "1", CultureInfo.InvariantCulture);
        string[] systems = WrkLoad.ArgValue(args, "--systems")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? s_systems;
        if (systems.FirstOrDefault(system => !s_systems.Contains(system)) is { } unknown)
        {
            Console.Error.WriteLine($"bench http: unknown system '{unknown}'; known: {string.Join(", ", s_systems)}");
            return 2;
        }

        if (args.Contains("--no-peers"))
        {
            systems = [.. systems.Where(system => system.StartsWith("ours", StringComparison.Ordinal) || system == "kestrel")];
        }

        bool Runs(string system) => systems.Contains(system);
        // --ours-env: added to the environment of ours (HelloApi) and of nothing else.
        List<KeyValuePair<string, string>> oursEnvironment = [.. args.Select((arg, i) => (arg, i)).Where(a => a.arg == "--ours-env" && a.i + 1 < args.Count)
            .Select(a => args[a.i + 1].Split('=', 2)).Where(kv => kv.Length == 2).Select(kv => new KeyValuePair<string, string>(kv[0], kv[1]))];
        if (!File.Exists("/usr/bin/wrk"))
        {
            Console.Error.WriteLine("bench http: wrk is not installed (apt-get install wrk)");
            return 1;
        }

        string root = FindRepositoryRoot();
        if (await RunToEndAsync("dotnet", ["build", Path.Combine(root, "samples", "HelloApi", "HelloApi.csproj"), "-c", "Release", "-v", "quiet", "-nologo"], cancellationToken) != 0)
        {
            Console.Error.WriteLine("bench http: building samples/HelloApi failed");
            return 1;
        }

        string work = Directory.CreateTempSubdirectory("oslo-bench-http-").FullName;
        try
        {
            string hello = Path.Combine(root, "samples", "HelloApi", "bin", "Release", "net10.0", "HelloApi");
            string paste = Path.Combine(root, "samples", "HelloApi", "api-paste.ini");
            var (cert, key) = WriteCertificate(work);

            // Ours (access log off, 2 workers), bare Kestrel and ours with one worker, back to back, --rounds times
            // round robin (medians), so a shared machine's load shifts all three alike; the reload runs once.
            string conf = WriteHelloConf(work, "plain.conf", paste, accessLog: false, ssl: null);
            string oneConf = WriteHelloConf(work, "one.conf", paste, accessLog: false, ssl: null, workers: 1);
            int metricsPort = WrkLoad.FreePort();
            string metricsConf = WriteHelloConf(work, "metrics.conf", paste, accessLog: false, ssl: null, metricsPort: metricsPort);
            List<Result> oursRuns = [], kestrelRuns = [], oneRuns = [], metricsRuns = [];
            for (int round = 0; round < repeat; round++)
            {
                if (Runs("ours"))
                {
                    oursRuns.Add(await MeasureAsync("ours", [hello, "--config-file", conf], "http", length, "Reload completed", cancellationToken, reload: round == 0, environment: oursEnvironment));
                }

                if (Runs("ours_metrics"))
                {
                    // ours with the family /metrics endpoint on, scraped every second during the measured run.
                    metricsRuns.Add(await MeasureAsync("ours_metrics", [hello, "--config-file", metricsConf], "http", length, "Reload completed", cancellationToken,
                        reload: false, environment: oursEnvironment, scrapeUrl: $"http://127.0.0.1:{metricsPort}/metrics"));
                }

                if (Runs("kestrel"))
                {
                    kestrelRuns.Add(await MeasureKestrelAsync(hello + ".runtimeconfig.json", length, cancellationToken));
                }

                if (Runs("ours_w1"))
                {
                    // One worker: the same server in the launcher's process (no process contention on a small machine).
                    oneRuns.Add(await MeasureAsync("ours_w1", [hello, "--config-file", oneConf], "http", length, "Reload completed", cancellationToken, reload: round == 0, environment: oursEnvironment));
                }
            }

            Result? ours = oursRuns.Count > 0 ? Result.Median(oursRuns) : null;
            Result? kestrel = kestrelRuns.Count > 0 ? Result.Median(kestrelRuns) : null;
            Result? oursOne = oneRuns.Count > 0 ? Result.Median(oneRuns) : null;
            Result? oursMetrics = metricsRuns.Count > 0 ? Result.Median(metricsRuns) : null;
            ours?.Print("ours");
            oursMetrics?.Print("ours_metrics");
            if (ours is not null && oursMetrics is not null)
            {
                // With / without the metrics endpoint (goal: at least 0.97).
                Figures.Ratio(Scenario, "ours", "rps", oursMetrics.Rps, ours.Rps, lowerIsBetter: false);
                Figures.Ratio(Scenario, "ours", "cpu_us_per_req", oursMetrics.CpuUsPerRequest, ours.CpuUsPerRequest);
            }

            oursOne?.Print("ours_w1");
            kestrel?.Print("kestrel");
            if (kestrel is not null)
            {
                if (ours is not null)
                {
                    Figures.Ratio(Scenario, "kestrel", "rps", ours.Rps, kestrel.Rps, lowerIsBetter: false);
                    Figures.Ratio(Scenario, "kestrel", "cpu_us_per_req", ours.CpuUsPerRequest, kestrel.CpuUsPerRequest);
                }

                if (oursOne is not null)
                {
                    Figures.Ratio(Scenario, "kestrel", "rps_w1", oursOne.Rps, kestrel.Rps, lowerIsBetter: false);
                    Figures.Ratio(Scenario, "kestrel", "cpu_us_per_req_w1", oursOne.CpuUsPerRequest, kestrel.CpuUsPerRequest);
                }
            }

            Result? oursLog = null;
            if (Runs("ours_log"))
            {
                string logConf = WriteHelloConf(work, "log.conf", paste, accessLog: true, ssl: null);
                oursLog = await MeasureAsync("ours_log", [hello, "--config-file", logConf], "http", length, null, cancellationToken, environment: oursEnvironment);
                oursLog.Print("ours_log");
            }

            if (Runs("ours_tls"))
            {
                string tlsConf = WriteHelloConf(work, "tls.conf", paste, accessLog: false, ssl: (cert, key));
                var tls = await MeasureAsync("ours_tls", [hello, "--config-file", tlsConf], "https", length, "Reload completed", cancellationToken, environment: oursEnvironment);
                Figures.Print(Scenario, "ours", "tls_rps", Math.Round(tls.Rps));
                Figures.Print(Scenario, "ours", "tls_p99_ms", tls.P99Ms);
                Figures.Print(Scenario, "ours", "tls_cpu_us_per_req", tls.CpuUsPerRequest);
                Figures.Print(Scenario, "ours", "tls_reload_failed", tls.ReloadFailed ?? -1);
            }

            string oslo = Path.Combine(root, "bench", "peers", "http_oslo.py");
            bool osloRuns = Runs("oslo") || Runs("oslo_log");
            if (osloRuns && File.Exists("/usr/bin/python3") && await RunToEndAsync("/usr/bin/python3", ["-c", "import oslo_service.wsgi"], cancellationToken) == 0)
            {
                if (Runs("oslo"))
                {
                    int port = WrkLoad.FreePort();
                    var osloRun = await MeasureAsync("oslo", ["/usr/bin/python3", oslo, "--port", port.ToString(CultureInfo.InvariantCulture)], "http", length, null, cancellationToken, port);
                    osloRun.Print("oslo");
                    if (ours is not null)
                    {
                        Figures.Ratio(Scenario, "oslo", "rps", ours.Rps, osloRun.Rps, lowerIsBetter: false);
                        Figures.Ratio(Scenario, "oslo", "p99_ms", ours.P99Ms, osloRun.P99Ms);
                        Figures.Ratio(Scenario, "oslo", "cpu_us_per_req", ours.CpuUsPerRequest, osloRun.CpuUsPerRequest);
                    }
                }

                if (Runs("oslo_log"))
                {
                    int port = WrkLoad.FreePort();
                    var osloLog = await MeasureAsync("oslo_log", ["/usr/bin/python3", oslo, "--log", "--port", port.ToString(CultureInfo.InvariantCulture)], "http", length, null, cancellationToken, port, reload: false);
                    osloLog.Print("oslo_log");
                    if (oursLog is not null)
                    {
                        Figures.Ratio(Scenario, "oslo_log", "rps", oursLog.Rps, osloLog.Rps, lowerIsBetter: false);
                    }
                }
            }
            else if (osloRuns)
            {
                Console.Error.WriteLine("bench http: Python oslo.service is not installed (apt-get install python3-oslo.service); no oslo figures");
            }

            foreach (string worker in new[] { "sync", "gthread" }.Where(worker => Runs("gunicorn_" + worker)))
            {
                if (!File.Exists("/usr/bin/gunicorn"))
                {
                    Console.Error.WriteLine("bench http: gunicorn is not installed (apt-get install gunicorn); no gunicorn figures");
                    break;
                }

                int port = WrkLoad.FreePort();
                var run = await MeasureAsync("gunicorn_" + worker,
                    ["/usr/bin/gunicorn", "-w", "2", "-k", worker, "--threads", "4", "-b", $"127.0.0.1:{port}", "--chdir", Path.Combine(root, "bench", "peers"), "http_wsgi_app:app"],
                    "http", length, null, cancellationToken, port);
                run.Print("gunicorn_" + worker);
                if (ours is not null)
                {
                    Figures.Ratio(Scenario, "gunicorn_" + worker, "rps", ours.Rps, run.Rps, lowerIsBetter: false);
                    Figures.Ratio(Scenario, "gunicorn_" + worker, "cpu_us_per_req", ours.CpuUsPerRequest, run.CpuUsPerRequest);
                }
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// <c>bench/run</c>'s calibration, printed with every results file so that runs on different days can be
    /// compared: the bare Kestrel hello world (code that does not change with ours) under the same wrk load, 2 s of
    /// warm-up and 5 s measured, as <c>calibration.kestrel.rps</c> and <c>calibration.kestrel.cpu_us_per_req</c>.
    /// </summary>
    public static async Task<int> CalibrateAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/bin/wrk"))
        {
            Console.Error.WriteLine("bench calibration: wrk is not installed (apt-get install wrk)");
            return 1;
        }

        // The runtime settings of the bench program itself: HelloApi may not be built yet, and they must not change.
        string runtimeConfig = Path.ChangeExtension(typeof(HttpScenario).Assembly.Location, ".runtimeconfig.json");
        Result result = await MeasureKestrelAsync(runtimeConfig, new RunLength("5s", "2s"), cancellationToken);
        Figures.Print("calibration", "kestrel", "rps", Math.Round(result.Rps));
        Figures.Print("calibration", "kestrel", "cpu_us_per_req", result.CpuUsPerRequest);
        return 0;
    }

    /// <summary>One system: start it, wait until it answers, a throughput run, then (optionally) a run with a SIGHUP a third of the way in.</summary>
    private static async Task<Result> MeasureAsync(string label, string[] command, string scheme, RunLength length, string? reloadDoneLine,
        CancellationToken cancellationToken, int? fixedPort = null, bool reload = true, List<KeyValuePair<string, string>>? environment = null,
        string? scrapeUrl = null)
    {
        string log = Path.Combine(Path.GetTempPath(), $"oslo-bench-http-{label}-{Environment.ProcessId}.log");
        using ChildProcess daemon = StartDaemon(command, log, environment ?? []);
        Process process = daemon.Process;
        try
        {
            int port = fixedPort ?? await PortFromLogAsync(log, cancellationToken);
            string url = $"{scheme}://127.0.0.1:{port}/";
            await WaitUntilServingAsync(url, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // every worker up, not only the first
            _ = await WrkLoad.RunAsync(url, length.WarmUp, cancellationToken);

            // The server's own cost: every process of its group (parent and workers), over the measured run only.
            var before = ProcessGroupUsage.Read(process.Id);
            using var scraping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task scraper = scrapeUrl is null ? Task.CompletedTask : ScrapeEverySecondAsync(scrapeUrl, scraping.Token);
            WrkResult throughput = await WrkLoad.RunAsync(url, length.Measure, cancellationToken);
            ProcessGroupUsage used = ProcessGroupUsage.Read(process.Id).Since(before);
            await scraping.CancelAsync();
            await scraper;
            long? failed = null;
            if (reload)
            {
                WrkResult underReload = await WrkLoad.RunWithSighupAsync(url, length.Measure, process.Id, cancellationToken);
                failed = underReload.Failed;
                if (reloadDoneLine is not null && !File.ReadAllText(log).Contains(reloadDoneLine, StringComparison.Ordinal))
                {
                    Console.Error.WriteLine($"bench http: {label}: the reload did not complete during the run");
                }
            }

            double requests = Math.Max(1, throughput.Requests);
            return new Result(throughput.Rps, throughput.P99Ms, failed, 1e6 * used.CpuSeconds / requests, used.ContextSwitches / requests);
        }
        finally
        {
            if (!process.HasExited)
            {
                Signal(process.Id, SigTerm);
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await process.WaitForExitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    // Disposing the daemon kills its process group: the parent and its workers only.
                }
            }

            File.Delete(log);
        }
    }

    /// <summary>
    /// Bare Kestrel, the ceiling, made comparable: this bench program in a process of its own
    /// (<c>Oslo.Bench --serve-kestrel PORT</c>) run with HelloApi's runtimeconfig.json (the same GC and thread-pool settings), serving
    /// the same app HelloApi's paste pipeline builds (the request-id header, then "hello from pid N, worker 0" as
    /// text/plain) without our Server around it: no logging, no wsgi middleware, no launcher.
    /// </summary>
    private static async Task<Result> MeasureKestrelAsync(string helloRuntimeConfig, RunLength length, CancellationToken cancellationToken)
    {
        int port = WrkLoad.FreePort();
        string[] command = [Environment.ProcessPath!, "exec", "--runtimeconfig", helloRuntimeConfig, typeof(HttpScenario).Assembly.Location,
            "--serve-kestrel", port.ToString(CultureInfo.InvariantCulture)];
        return await MeasureAsync("kestrel", command, "http", length, null, cancellationToken, port, reload: false);
    }

    /// <summary>
    /// <c>Oslo.Bench --serve-kestrel PORT</c>: the bare Kestrel server, until SIGTERM or SIGINT. A mode of the bench
    /// program of its own, not a scenario option: run as a scenario it was repeated, and a SIGTERM that ended the
    /// first repetition's server started the second's.
    /// </summary>
    public static async Task<int> ServeKestrelAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        const string RequestIdHeader = "X-Openstack-Request-Id";
        long served = 0;
        app.Use((http, next) =>
        {
            StringValues given = http.Request.Headers[RequestIdHeader];
            http.Response.Headers[RequestIdHeader] = StringValues.IsNullOrEmpty(given) ? "req-" + Guid.NewGuid().ToString("D") : given;
            return next(http);
        });
        app.Run(async http =>
        {
            Interlocked.Increment(ref served);
            if (http.Request.Path != "/")
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync($"hello from pid {Environment.ProcessId}, worker 0\n", cancellationToken);
        });
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"bare kestrel listening on 127.0.0.1:{port}");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private static ChildProcess StartDaemon(string[] command, string log, List<KeyValuePair<string, string>> environment)
    {
        // A daemon (SIGHUP reloads) in its own process group (ChildProcess); output to a file the bench reads.
        var info = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (string word in (string[])["-c", "exec \"$0\" \"$@\" >" + log + " 2>&1", .. command])
        {
            info.ArgumentList.Add(word);
        }

        info.Environment.Remove("NOTIFY_SOCKET");
        foreach ((string key, string value) in environment)
        {
            info.Environment[key] = value;
        }

        return ChildProcess.Start(info);
    }

    private static async Task<int> PortFromLogAsync(string log, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_startDeadline);
        while (true)
        {
            string text = File.Exists(log) ? await File.ReadAllTextAsync(log, deadline.Token) : "";
            var match = ListeningRegex().Match(text);
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    private static async Task WaitUntilServingAsync(string url, CancellationToken cancellationToken)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_startDeadline);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(url, deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // HttpClient's own 5 s timeout: a server still compiling its first request on a busy machine.
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>What Prometheus does: GET /metrics every second (the scrape's CPU counts in the server's usage).</summary>
    private static async Task ScrapeEverySecondAsync(string url, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        int scrapes = 0;
        try
        {
            while (true)
            {
                string body = await client.GetStringAsync(new Uri(url), cancellationToken);
                if (!body.Contains("http_server_request_duration_seconds_count", StringComparison.Ordinal) && scrapes > 2)
                {
                    Console.Error.WriteLine("bench http: ours_metrics: the endpoint shows no request counts");
                }

                scrapes++;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The measured run is over.
        }
    }

    private static string WriteHelloConf(string dir, string name, string paste, bool accessLog, (string Cert, string Key)? ssl, int workers = 2, int? metricsPort = null)
    {
        string path = Path.Combine(dir, name);
        string text = $"""
            [DEFAULT]
            bind_host = 127.0.0.1
            bind_port = 0
            workers = {workers}
            api_paste_config = {paste}
            graceful_shutdown_timeout = 30
            log_options = false
            report_interval = 60
            {(accessLog ? "" : "wsgi_log_format =")}
            """;
        if (ssl is { } files)
        {
            text += $"\n[ssl]\ncert_file = {files.Cert}\nkey_file = {files.Key}\n";
        }

        if (metricsPort is { } port)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"\n[metrics]\nenabled = true\nbind_port = {port}\n");
        }

        File.WriteAllText(path, text);
        return path;
    }

    private static (string Cert, string Key) WriteCertificate(string dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        string certFile = Path.Combine(dir, "bench.pem");
        string keyFile = Path.Combine(dir, "bench.key");
        File.WriteAllText(certFile, cert.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningRegex();

    /// <summary>One system's figures: wrk's, and the server's CPU time (µs) and context switches per request served.</summary>
    private sealed record Result(double Rps, double P99Ms, long? ReloadFailed, double CpuUsPerRequest, double ContextSwitchesPerRequest)
    {
        /// <summary>The median of each figure over several runs; the reload figure of the run that had one.</summary>
        public static Result Median(List<Result> runs) => new(
            MedianOf(runs.Select(r => r.Rps)),
            MedianOf(runs.Select(r => r.P99Ms)),
            runs.Select(r => r.ReloadFailed).FirstOrDefault(f => f is not null),
            MedianOf(runs.Select(r => r.CpuUsPerRequest)),
            MedianOf(runs.Select(r => r.ContextSwitchesPerRequest)));

        private static double MedianOf(IEnumerable<double> values)
        {
            double[] sorted = [.. values.Order()];
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        public void Print(string system)
        {
            Figures.Print(Scenario, system, "rps", Math.Round(Rps));
            Figures.Print(Scenario, system, "p99_ms", P99Ms);
            Figures.Print(Scenario, system, "cpu_us_per_req", Math.Round(CpuUsPerRequest, 2));
            Figures.Print(Scenario, system, "ctxsw_per_req", Math.Round(ContextSwitchesPerRequest, 3));
            if (ReloadFailed is { } failed)
            {
                Figures.Print(Scenario, system, "reload_failed", failed);
            }
        }
    }

    /// <summary>wrk durations (<c>10s</c>): the measured run and the warm-up before it.</summary>
    private readonly record struct RunLength(string Measure, string WarmUp);
}
