using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Oslo.Service.FunctionalTests.Infrastructure;

/// <summary>
/// The test host started as a real child process: in its own session (<c>setsid</c>, so it is a daemon), or in the
/// foreground of a pseudo-terminal (<c>script</c>). Reads its output lines, sends it real signals, waits on lines
/// and on its exit with deadlines, and kills its whole process group when disposed.
/// </summary>
internal sealed partial class TestHostProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _transcript = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];
    private readonly Task _readers;

    private TestHostProcess(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    /// <summary>The test host's pid, from its first line.</summary>
    public int Pid { get; private set; }

    /// <summary>The test host's process group, from its first line.</summary>
    public int ProcessGroup { get; private set; }

    /// <summary>Every line so far, stdout and stderr.</summary>
    public string Transcript => string.Join('\n', _transcript);

    /// <summary>Starts the test host in a new session via <c>setsid</c>: no controlling terminal, a daemon.</summary>
    public static Task<TestHostProcess> StartDaemonAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        StartAsync("setsid", [.. TestHostCommand(), .. args], environment);

    /// <summary>
    /// Starts the test host through <c>sh</c> with the given dispositions ignored first (<c>trap '' INT</c>), in a
    /// new session: what a background job of a non-interactive shell or <c>nohup</c> inherits.
    /// </summary>
    public static Task<TestHostProcess> StartDaemonWithIgnoredSignalsAsync(string ignoredSignals, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        StartAsync("setsid", ["sh", "-c", $"trap '' {ignoredSignals}; exec {ShellJoin([.. TestHostCommand(), .. args])}"], environment);

    /// <summary>
    /// Starts another program built next to the tests (e.g. the FooService sample) in a new session via
    /// <c>setsid</c>. <c>setsid</c> execs in place (the child of <c>Process.Start</c> is no group leader), so the
    /// program's pid and process group are the started process's id.
    /// </summary>
    public static Task<TestHostProcess> StartProgramDaemonAsync(string assemblyName, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        StartAsync("setsid", [.. DotnetCommand(assemblyName), .. args], environment, announces: false);

    /// <summary>Starts the test host in the foreground process group of a new pseudo-terminal (<c>script</c>).</summary>
    public static Task<TestHostProcess> StartInTerminalForegroundAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        StartAsync("script", ["-qfec", "exec " + ShellJoin([.. TestHostCommand(), .. args]), "/dev/null"], environment);

    /// <summary>Sends a real signal to the test host.</summary>
    public void Signal(int signal)
    {
        if (Posix.Kill(Pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({Pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}\n{Transcript}");
        }
    }

    /// <summary>Waits for the next line (after the ones already matched) that satisfies <paramref name="match"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? deadline = null, string? what = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? DefaultDeadline);
        try
        {
            while (true)
            {
                string line = await _lines.Reader.ReadAsync(cts.Token);
                _seen.Add(line);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"No line {what ?? "matching"} before the deadline (exited: {_process.HasExited}). Transcript:\n{Transcript}");
        }
    }

    /// <summary>Waits for a line containing <paramref name="text"/>.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan? deadline = null) =>
        WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), deadline, $"containing '{text}'");

    /// <summary>Waits for the process to exit and returns its status.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? DefaultDeadline);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await _readers.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The test host did not exit before the deadline. Transcript:\n{Transcript}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the test host's whole process group (and the launcher process, e.g. <c>script</c>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (ProcessGroup > 0)
        {
            _ = Posix.Kill(-ProcessGroup, Posix.SigKill);
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private static async Task<TestHostProcess> StartAsync(string fileName, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment, bool announces = true)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The runner's own environment must not leak systemd or logging settings into the child.
        info.Environment.Remove("NOTIFY_SOCKET");
        info.Environment.Remove("WATCHDOG_USEC");
        info.Environment.Remove("WATCHDOG_PID");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach ((string key, string? value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var host = new TestHostProcess(Process.Start(info)!);
        if (!announces)
        {
            host.Pid = host._process.Id;
            host.ProcessGroup = host._process.Id;
            return host;
        }

        try
        {
            string first = await host.WaitForLineAsync(line => line.Contains("testhost pid=", StringComparison.Ordinal), what: "announcing the pid");
            Match match = AnnounceLine().Match(first);
            host.Pid = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
            host.ProcessGroup = int.Parse(match.Groups["pgid"].Value, CultureInfo.InvariantCulture);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            line = line.TrimEnd('\r');
            _transcript.Enqueue(line);
            _lines.Writer.TryWrite(line);
        }
    }

    private static string[] TestHostCommand() => DotnetCommand("Oslo.Service.TestHost");

    private static string[] DotnetCommand(string assemblyName)
    {
        string directory = AppContext.BaseDirectory;
        string dll = Path.Combine(directory, assemblyName + ".dll");
        string? dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        return File.Exists(dll) ? [dotnet, dll] : throw new FileNotFoundException($"{assemblyName} was not built next to the tests.", dll);
    }

    private static string ShellJoin(IEnumerable<string> words) =>
        string.Join(' ', words.Select(w => "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    [GeneratedRegex(@"pid=(?<pid>\d+) pgid=(?<pgid>\d+)")]
    private static partial Regex AnnounceLine();
}
