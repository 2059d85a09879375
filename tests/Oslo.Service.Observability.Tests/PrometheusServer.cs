using System.Globalization;
using System.Text.Json;

namespace Oslo.Service.Observability.Tests;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c>) on a free port, with a generated config that scrapes one
/// target every second and its data in a temporary directory; stopped (its process group killed) when disposed.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly DirectoryInfo _directory;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private PrometheusServer(ChildProcess process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Url = $"http://127.0.0.1:{port}";
    }

    internal string Url { get; }

    internal static async Task<PrometheusServer> StartAsync(string target)
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("oslo-prometheus-");
        int port = Paths.FreePort();
        string config = Path.Combine(directory.FullName, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: oslo
                static_configs:
                  - targets: ['{target}']
            """);
        var process = ChildProcess.Start("prometheus",
        [
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(directory.FullName, "data"),
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
        ]);
        var server = new PrometheusServer(process, directory, port);
        await process.WaitForLineAsync("Server is ready to receive web requests.");
        return server;
    }

    /// <summary>An instant query through the HTTP API; the value of its first sample, or null when it has none.</summary>
    internal async Task<double?> QueryAsync(string promql)
    {
        string body = await _http.GetStringAsync($"{Url}/api/v1/query?query={Uri.EscapeDataString(promql)}");
        using JsonDocument json = JsonDocument.Parse(body);
        JsonElement result = json.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
