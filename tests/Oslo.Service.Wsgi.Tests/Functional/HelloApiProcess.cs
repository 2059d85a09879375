using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Oslo.Service.Wsgi.Tests.Functional;

/// <summary>
/// samples/HelloApi started as a real process in its own session (<c>setsid</c>, so it is a daemon and SIGHUP
/// reloads), with a config written by the test. Its stdout is collected line by line; disposing kills its whole
/// process group (the parent and its workers) if it is still there.
/// </summary>
internal sealed partial class HelloApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineAdded = new(0);
    private System.Net.Sockets.TcpClient? _activationKick;

    private HelloApiProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Directory { get; }

    public string ConfigFile => Path.Combine(Directory, "hello.conf");

    public int Pid => _process.Id;

    public int Port { get; private set; }

    public IReadOnlyCollection<string> Lines => _lines;

    /// <param name="activatedPort">When set, HelloApi runs under <c>systemd-socket-activate</c> listening on this
    /// 127.0.0.1 port with the descriptor name <c>hello-api</c> (the server's name), as a systemd socket unit would
    /// start it.</param>
    public static async Task<HelloApiProcess> StartAsync(int workers, string greeting, string extra = "", int? activatedPort = null)
    {
        var hello = Spawn(workers, greeting, extra, activatedPort);
        if (activatedPort is int activated)
        {
            // systemd-socket-activate starts the program on the first connection, as an Accept=no socket unit does.
            await hello.WaitForLineAsync(l => l.Contains($"Listening on 127.0.0.1:{activated}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            hello._activationKick = new System.Net.Sockets.TcpClient();
            await hello._activationKick.ConnectAsync(System.Net.IPAddress.Loopback, activated);
        }

        string listening = await hello.WaitForLineAsync(l => l.Contains("hello-api listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        hello.Port = int.Parse(ListeningRegex().Match(listening).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await hello.WaitForLineAsync(l => workers == 1 ? l.Contains("Started 1 service", StringComparison.Ordinal) : l.Contains($"All {workers} workers ready", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        return hello;
    }

    /// <summary>Starts HelloApi without waiting for anything (for a run that is expected to fail).</summary>
    public static HelloApiProcess Spawn(int workers, string greeting, string extra = "", int? activatedPort = null, int bindPort = 0)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("oslo-helloapi-").FullName;
        string sample = Path.Combine(RepoRoot(), "samples", "HelloApi");
        File.WriteAllText(Path.Combine(directory, "hello.conf"), Config(workers, greeting, Path.Combine(sample, "api-paste.ini"), extra, bindPort));
        string dll = Path.Combine(sample, "bin", BuildConfiguration(), "net10.0", "HelloApi.dll");
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] activation = activatedPort is int port
            ? ["systemd-socket-activate", "-l", $"127.0.0.1:{port}", "--fdname=hello-api"]
            : [];
        foreach (string arg in activation.Concat(["dotnet", dll, "--config-file", Path.Combine(directory, "hello.conf")]))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("NOTIFY_SOCKET");
        return new HelloApiProcess(Process.Start(info)!, directory);
    }

    public static string Config(int workers, string greeting, string pasteFile, string extra, int bindPort = 0) => $"""
        [DEFAULT]
        bind_host = 127.0.0.1
        bind_port = {bindPort}
        workers = {workers}
        greeting = {greeting}
        report_interval = 1
        api_paste_config = {pasteFile}
        wsgi_log_format =
        graceful_shutdown_timeout = 20
        log_options = false
        {extra}
        """;

    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan deadline, int skip = 0)
    {
        using var cts = new CancellationTokenSource(deadline);
        while (true)
        {
            var found = _lines.Skip(skip).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (_process.HasExited && _lines.Skip(skip).FirstOrDefault(match) is null)
            {
                throw new InvalidOperationException($"HelloApi exited ({_process.ExitCode}) before the line; output:\n{string.Join('\n', _lines)}");
            }

            try
            {
                await _lineAdded.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching line within {deadline}; output:\n{string.Join('\n', _lines)}");
            }
        }
    }

    public void Signal(int signal) => Assert.Equal(0, Signals.Kill(_process.Id, signal));

    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        _activationKick?.Dispose();
        if (!_process.HasExited)
        {
            // setsid made the child a process-group leader: this reaches the parent and its workers, nothing else.
            Signals.Kill(-_process.Id, Signals.SIGKILL);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            _lineAdded.Release();
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OsloService.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OsloService.slnx not found above " + AppContext.BaseDirectory);
    }

    // tests/Oslo.Service.Wsgi.Tests/bin/<Configuration>/net10.0/
    private static string BuildConfiguration() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningRegex();
}
