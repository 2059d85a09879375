using System.Globalization;
using System.Text.RegularExpressions;

namespace Oslo.Service.ChaosTests.Infrastructure;

/// <summary>samples/HelloApi started for an attack: its config file, its port, and the pids that serve.</summary>
internal sealed partial class HelloApi : IAsyncDisposable
{
    private HelloApi(ServiceProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public ServiceProcess Process { get; }

    public int Port { get; }

    public int Pid => Process.Pid;

    public string ConfigFile => Path.Combine(Process.Directory, "hello.conf");

    /// <summary>Starts HelloApi with <paramref name="workers"/> workers and waits until every worker is ready.</summary>
    /// <param name="extra">More lines for the config file (after [DEFAULT]'s; may open other sections).</param>
    /// <param name="umask">The umask to start it with, when set.</param>
    public static async Task<HelloApi> StartAsync(int workers, string greeting, string extra = "", string? umask = null)
    {
        string directory = ServiceProcess.NewDirectory("oslo-chaos-hello-");
        File.WriteAllText(Path.Combine(directory, "hello.conf"), Config(workers, greeting, extra));
        var process = ServiceProcess.Start(directory, Repo.HelloApiDll, ["--config-file", Path.Combine(directory, "hello.conf")], umask: umask);
        try
        {
            string listening = await process.WaitForLineAsync("hello-api listening on", TimeSpan.FromSeconds(60));
            int port = int.Parse(ListeningRegex().Match(listening).Groups[1].Value, CultureInfo.InvariantCulture);
            await process.WaitForLineAsync(workers == 1 ? "Started 1 service" : $"All {workers} workers ready", TimeSpan.FromSeconds(90));
            return new HelloApi(process, port);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public static string Config(int workers, string greeting, string extra) => $"""
        [DEFAULT]
        bind_host = 127.0.0.1
        bind_port = 0
        workers = {workers}
        greeting = {greeting}
        report_interval = 60
        api_paste_config = {Path.Combine(Repo.HelloApiDirectory, "api-paste.ini")}
        wsgi_log_format =
        graceful_shutdown_timeout = 30
        log_options = false
        {extra}
        """;

    /// <summary>Rewrites the greeting in the config file (the file is replaced atomically, as an editor does).</summary>
    public void SetGreeting(string greeting)
    {
        string text = GreetingRegex().Replace(File.ReadAllText(ConfigFile), "greeting = " + greeting);
        string temporary = ConfigFile + ".new";
        File.WriteAllText(temporary, text);
        File.Move(temporary, ConfigFile, overwrite: true);
    }

    /// <summary>The pids that logged "HelloApi serving in pid N" (workers whose server started), in order.</summary>
    public IReadOnlyList<int> ServingPids(int skip = 0) =>
        [.. Process.LinesWith("HelloApi serving in pid ", skip).Select(l => int.Parse(ServingRegex().Match(l).Groups[1].Value, CultureInfo.InvariantCulture))];

    /// <summary>One <c>GET /</c> on a new connection: status and body.</summary>
    public async Task<(int Status, string Body)> GetAsync(TimeSpan? deadline = null)
    {
        await using RawHttp http = await RawHttp.ConnectAsync(Port);
        await http.SendAsync("GET / HTTP/1.1\r\nHost: hello\r\nConnection: close\r\n\r\n");
        var (status, _, body) = await http.ReadResponseAsync(deadline ?? TimeSpan.FromSeconds(10));
        return (status, body.Trim());
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningRegex();

    [GeneratedRegex(@"HelloApi serving in pid (\d+)")]
    private static partial Regex ServingRegex();

    [GeneratedRegex(@"(?m)^greeting = .*$")]
    private static partial Regex GreetingRegex();
}
