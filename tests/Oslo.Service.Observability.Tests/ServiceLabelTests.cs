using System.Text.RegularExpressions;

using Oslo.Testing.Processes;

using Xunit;

namespace Oslo.Service.Observability.Tests;

/// <summary>
/// #16's <c>worker_id</c> labels with several services: one ProcessLauncher launching two HTTP services with 2
/// workers each (real processes), their requests counted on the family <c>/metrics</c> endpoint.
/// </summary>
public sealed partial class ServiceLabelTests
{
    private const string RequestCount = "http_server_request_duration_seconds_count";
    private const int ToFirst = 120;
    private const int ToSecond = 80;

    private static string ServicesHost => Path.Combine(Paths.Root, "tests/Oslo.Service.Observability.ServicesHost", "bin", Paths.Configuration,
        Paths.Framework, "Oslo.Service.Observability.ServicesHost.dll");

    [Fact]
    public async Task TwoServicesTwoWorkersEach_SeriesLabelledNAndSDotN_PerServiceSumsAndFamilyTotalExact()
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("oslo-services-");
        int portA = Paths.FreePort(), portB = Paths.FreePort(), metricsPort = Paths.FreePort();
        string socket = Path.Combine(directory.FullName, "ctl.sock");
        string conf = Path.Combine(directory.FullName, "services.conf");
        await File.WriteAllTextAsync(conf, $"""
            [DEFAULT]
            graceful_shutdown_timeout = 30
            wsgi_log_format =

            [services]
            port_a = {portA}
            port_b = {portB}
            workers_a = 2
            workers_b = 2

            [metrics]
            enabled = true
            bind_port = {metricsPort}

            [control]
            socket_path = {socket}
            """);
        try
        {
            await using ChildProcess host = ChildProcess.StartDotnet(ServicesHost, ["--config-file", conf]);
            await host.WaitForLineAsync("Control socket listening");
            await Eventually.TrueAsync(() => Ctl.StatusAsync(socket), status => status.Count(w => w.State == "ready") == 4, "4 ready workers (2 per service)");

            // New connections, so both workers of a service accept some from the service's shared listening socket.
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.ConnectionClose = true;
            await SendAsync(client, portA, "a", ToFirst);
            await SendAsync(client, portB, "b", ToSecond);

            using var metrics = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            string exposition = await Eventually.TrueAsync(() => metrics.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics")),
                text => HelloApiFamily.Sum(text, RequestCount, "worker_id=\"all\"") == ToFirst + ToSecond, $"a family total of {ToFirst + ToSecond} requests");

            // Service 0's workers are "0" and "1", service 1's "1.0" and "1.1"; no other worker_id on the series.
            Assert.Equal(["0", "1", "1.0", "1.1", "all"], WorkerIds(exposition, RequestCount));
            double[] first = [Count(exposition, "0"), Count(exposition, "1")];
            double[] second = [Count(exposition, "1.0"), Count(exposition, "1.1")];
            Assert.True(first.All(n => n > 0) && second.All(n => n > 0), $"a worker served nothing: 0={first[0]} 1={first[1]} 1.0={second[0]} 1.1={second[1]}");
            Assert.Equal(ToFirst, first.Sum());
            Assert.Equal(ToSecond, second.Sum());
            Assert.Equal(ToFirst + ToSecond, Count(exposition, "all"));

            // Every series of another instrument carries the same labels too (the launcher's own have none).
            Assert.Equal(["0", "1", "1.0", "1.1", "all"], WorkerIds(exposition, "http_server_active_requests"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // A worker re-runs the program: service 0's workers, spawned at its LaunchService, used to miss the socket
    // service 1 binds after that call, bind port B themselves (SO_REUSEPORT let them) and never accept on it, so part
    // of service 1's connections hung. The pause makes that window certain; the workers now start at WaitAsync.
    [Fact]
    public async Task SocketBoundAfterFirstLaunch_EveryWorkerInheritsIt_OneListenerOnThePort()
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("oslo-services-");
        int portA = Paths.FreePort(), portB = Paths.FreePort();
        string socket = Path.Combine(directory.FullName, "ctl.sock");
        string conf = Path.Combine(directory.FullName, "services.conf");
        await File.WriteAllTextAsync(conf, $"""
            [DEFAULT]
            wsgi_log_format =

            [services]
            port_a = {portA}
            port_b = {portB}
            pause_before_second_bind_ms = 1500

            [control]
            socket_path = {socket}
            """);
        try
        {
            await using ChildProcess host = ChildProcess.StartDotnet(ServicesHost, ["--config-file", conf]);
            await host.WaitForLineAsync("Control socket listening");
            IReadOnlyList<(int? Id, int Pid, string State, long Requests)> status = await Eventually.TrueAsync(
                () => Ctl.StatusAsync(socket), rows => rows.Count(w => w.State == "ready") == 4, "4 ready workers (2 per service)");

            Assert.Equal(1, ListeningSockets(portB));
            Assert.Equal(1, ListeningSockets(portA));
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.ConnectionClose = true;
            await SendAsync(client, portB, "b", ToSecond);
            Assert.Equal(status.Select(w => w.Pid).Order(), (await Ctl.StatusAsync(socket)).Select(w => w.Pid).Order());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // Listening TCP sockets on 127.0.0.1:port, whoever holds them.
    private static int ListeningSockets(int port) => ProcNetTcp.ServerSide(port).Count(e => e.State == ProcNetTcp.Listen);

    private static async Task SendAsync(HttpClient client, int port, string service, int count)
    {
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, ct) =>
        {
            string body = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"), ct);
            Assert.StartsWith(service + " ", body, StringComparison.Ordinal);
        });
    }

    private static double Count(string exposition, string workerId) => HelloApiFamily.Sum(exposition, RequestCount, $"worker_id=\"{workerId}\"");

    private static string[] WorkerIds(string exposition, string sample) =>
        [.. SeriesOf(sample).Matches(exposition).Select(m => WorkerIdLabel().Match(m.Value))
            .Select(m => m.Success ? m.Groups[1].Value : "(none)").Distinct().Order(StringComparer.Ordinal)];

    private static Regex SeriesOf(string sample) => new("^" + Regex.Escape(sample) + @"(\{[^}]*\})? \S+$", RegexOptions.Multiline);

    [GeneratedRegex("worker_id=\"([^\"]*)\"")]
    private static partial Regex WorkerIdLabel();
}
