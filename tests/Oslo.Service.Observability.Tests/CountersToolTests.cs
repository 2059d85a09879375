using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

using Xunit;

using Shared = Oslo.Testing.Processes;

namespace Oslo.Service.Observability.Tests;

/// <summary>
/// #16: "<c>dotnet-counters monitor</c> must show them on any process" — the real dotnet-counters tool, installed by
/// <c>dotnet tool install</c>, attached to a HelloApi worker and to its parent while requests are served.
/// </summary>
public sealed partial class CountersToolTests
{
    /// <summary>The dotnet-counters release the test installs (docs/metrics.md names the same).</summary>
    internal const string CountersVersion = "10.0.750501";

    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_collectTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task DotnetCounters_CollectOnAWorkerAndOnTheParent_ShowsTheOsloMetersInstruments()
    {
        DirectoryInfo temp = Directory.CreateTempSubdirectory("oslo-counters-");
        try
        {
            string counters = await InstallAsync(temp.FullName);
            await using HelloApiFamily hello = await HelloApiFamily.StartAsync();
            var before = await Ctl.StatusAsync(hello.Socket);
            int workerPid = before.Single(w => w.Id == 0).Pid;

            // Requests on new connections (both workers accept from the shared socket) for as long as the tool runs.
            using var stopLoad = new CancellationTokenSource();
            Task<int> load = ServeUntilAsync(hello.Port, stopLoad.Token);
            string workerFile = Path.Combine(temp.FullName, "worker.json"), parentFile = Path.Combine(temp.FullName, "parent.json");
            Shared.ProcessResult[] collected = await Task.WhenAll(
                CollectAsync(counters, workerPid, workerFile, temp.FullName),
                CollectAsync(counters, hello.ParentPid, parentFile, temp.FullName));
            await stopLoad.CancelAsync();
            int served = await load;

            Assert.All(collected, c => Assert.True(c.ExitCode == 0, c.Describe()));
            var after = await Ctl.StatusAsync(hello.Socket);
            Assert.True(after.Single(w => w.Id == 0).Requests > before.Single(w => w.Id == 0).Requests,
                $"worker 0 served nothing while the tool watched it ({served} requests in all)");

            // The worker: the wsgi server's meter, under ASP.NET Core's instrument names.
            IReadOnlyList<(string Provider, string Name)> onWorker = ReadEvents(workerFile);
            AssertShown(onWorker, "Oslo.Service.Wsgi", "http.server.request.duration", workerFile);
            AssertShown(onWorker, "Oslo.Service.Wsgi", "http.server.active_requests", workerFile);

            // The parent: the launcher's meter (workers by state, an observable instrument polled by the tool).
            IReadOnlyList<(string Provider, string Name)> onParent = ReadEvents(parentFile);
            AssertShown(onParent, "Oslo.Service", "oslo.service.worker.count", parentFile);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    // `dotnet tool install --tool-path`, from the machine's configured NuGet sources (no source named here).
    private static async Task<string> InstallAsync(string temp)
    {
        string tools = Path.Combine(temp, "tools");
        Shared.ProcessResult install = await Shared.ProcessResult.RunAsync(Shared.ChildProcess.Dotnet,
            ["tool", "install", "dotnet-counters", "--version", CountersVersion, "--tool-path", tools], temp, ToolEnvironment(), s_installTimeout);
        Assert.True(install.ExitCode == 0, install.Describe());
        return Path.Combine(tools, "dotnet-counters");
    }

    private static Task<Shared.ProcessResult> CollectAsync(string counters, int pid, string output, string temp) =>
        Shared.ProcessResult.RunAsync(counters,
            ["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--counters", "Oslo.Service,Oslo.Service.Wsgi",
             "--format", "json", "-o", output, "--refresh-interval", "1", "--duration", "00:00:05"],
            temp, ToolEnvironment(), s_collectTimeout);

    private static Dictionary<string, string?> ToolEnvironment() => new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        // The tool's apphost runs on the runtime the tests run on.
        ["DOTNET_ROOT"] = Path.IsPathRooted(Shared.ChildProcess.Dotnet) ? Path.GetDirectoryName(Shared.ChildProcess.Dotnet) : Environment.GetEnvironmentVariable("DOTNET_ROOT"),
    };

    private static async Task<int> ServeUntilAsync(int port, CancellationToken stop)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.ConnectionClose = true;
        int served = 0;
        while (!stop.IsCancellationRequested)
        {
            using HttpResponseMessage response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"), CancellationToken.None);
            Assert.True(response.IsSuccessStatusCode, $"GET / answered {(int)response.StatusCode}");
            served++;
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return served;
    }

    // dotnet-counters' JSON: {"TargetProcess": …, "Events": [{"provider": …, "name": "instrument (unit)", …}, …]}. The
    // names are read by pattern too, so that a file the tool cut short still shows what it saw.
    private static IReadOnlyList<(string Provider, string Name)> ReadEvents(string file)
    {
        Assert.True(File.Exists(file), $"dotnet-counters wrote no {file}");
        string text = File.ReadAllText(file);
        try
        {
            using JsonDocument json = JsonDocument.Parse(text);
            return [.. json.RootElement.GetProperty("Events").EnumerateArray()
                .Select(e => (e.GetProperty("provider").GetString() ?? "", e.GetProperty("name").GetString() ?? ""))];
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return [.. EventPattern().Matches(text).Select(m => (m.Groups["provider"].Value, m.Groups["name"].Value))];
        }
    }

    private static void AssertShown(IReadOnlyList<(string Provider, string Name)> events, string provider, string instrument, string file)
    {
        bool shown = events.Any(e => e.Provider == provider
            && (e.Name == instrument || e.Name.StartsWith(instrument + " ", StringComparison.Ordinal)));
        Assert.True(shown, $"{instrument} ({provider}) not in {file}; the tool saw: "
            + string.Join(", ", events.Select(e => $"{e.Provider}/{e.Name}").Distinct().Take(40)));
    }

    [GeneratedRegex("\"provider\":\\s*\"(?<provider>[^\"]*)\",\\s*\"name\":\\s*\"(?<name>[^\"]*)\"")]
    private static partial Regex EventPattern();
}
