using System.Globalization;
using System.Text.RegularExpressions;

namespace Oslo.Service.Observability.Tests;

/// <summary>
/// samples/HelloApi as a real daemon with 2 workers, the family <c>/metrics</c> endpoint and a control socket, in a
/// temporary directory (world-traversable, so a second user can reach the socket file when a test opens it up).
/// </summary>
internal sealed partial class HelloApiFamily : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly ChildProcess _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private HelloApiFamily(DirectoryInfo directory, ChildProcess process, int port, int metricsPort)
    {
        _directory = directory;
        _process = process;
        Port = port;
        MetricsPort = metricsPort;
    }

    internal int Port { get; }

    internal int MetricsPort { get; }

    internal int ParentPid => _process.Pid;

    internal string Directory => _directory.FullName;

    internal string Socket => Path.Combine(_directory.FullName, "ctl.sock");

    internal string MetricsUrl => $"http://127.0.0.1:{MetricsPort}/metrics";

    internal ChildProcess Process => _process;

    /// <param name="workers">The worker count.</param>
    /// <param name="extraConf">More lines for the config file (whole sections).</param>
    internal static async Task<HelloApiFamily> StartAsync(int workers = 2, string extraConf = "")
    {
        DirectoryInfo directory = System.IO.Directory.CreateTempSubdirectory("oslo-obs-");
        File.SetUnixFileMode(directory.FullName, (UnixFileMode)0b111_101_101);
        int port = Paths.FreePort(), metricsPort = Paths.FreePort();
        File.Copy(Path.Combine(Path.GetDirectoryName(Paths.HelloApi)!, "api-paste.ini"), Path.Combine(directory.FullName, "api-paste.ini"));
        string conf = Path.Combine(directory.FullName, "hello.conf");
        File.WriteAllText(conf, $"""
            [DEFAULT]
            bind_host = 127.0.0.1
            bind_port = {port}
            workers = {workers}
            report_interval = 30
            api_paste_config = api-paste.ini
            graceful_shutdown_timeout = 30
            wsgi_log_format =

            [metrics]
            enabled = true
            bind_port = {metricsPort}

            [control]
            socket_path = {Path.Combine(directory.FullName, "ctl.sock")}

            {extraConf}
            """);
        var family = new HelloApiFamily(directory, ChildProcess.StartDotnet(Paths.HelloApi, ["--config-file", conf]), port, metricsPort);
        await family._process.WaitForLineAsync("Control socket listening");
        await family.WaitForReadyAsync(workers);
        return family;
    }

    /// <summary>Waits until <c>status</c> shows <paramref name="workers"/> ready workers and returns them.</summary>
    internal Task<IReadOnlyList<(int? Id, int Pid, string State, long Requests)>> WaitForReadyAsync(int workers) =>
        Eventually.TrueAsync(() => Ctl.StatusAsync(Socket), status => status.Count(w => w.State == "ready") == workers && status.Count == workers,
            $"{workers} ready workers");

    internal async Task<string> ScrapeAsync() => await _http.GetStringAsync(MetricsUrl);

    /// <summary>The sum of the samples of <paramref name="sample"/> whose labels include every one of <paramref name="labels"/>.</summary>
    internal static double Sum(string exposition, string sample, params string[] labels)
    {
        double sum = 0;
        foreach (Match match in SampleLine().Matches(exposition))
        {
            if (match.Groups["name"].Value == sample && labels.All(label => match.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
            {
                sum += double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    internal async Task<double> SumAsync(string sample, params string[] labels) => Sum(await ScrapeAsync(), sample, labels);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
