using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

using Oslo.Service.FunctionalTests.Infrastructure;

namespace Oslo.Service.FunctionalTests.ProcessLauncher;

/// <summary>
/// The WorkerHost program started as a real ProcessLauncher parent in its own session (<c>setsid</c>): reads the
/// output of the parent and its workers, waits for lines with deadlines, sends real signals, and kills the whole
/// process group plus every worker pid it saw when disposed.
/// </summary>
internal sealed partial class WorkerHostProcess : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private readonly Task _readers;
    private readonly string _directory;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerHostProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
        _readers = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    /// <summary>The parent's pid (and process group: it is a session leader).</summary>
    public int Pid { get; private set; }

    /// <summary>The config file the parent and workers read (rewrite it, then SIGHUP).</summary>
    public string ConfigFile => Path.Combine(_directory, "workerhost.conf");

    public string Transcript
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static async Task<WorkerHostProcess> StartAsync(string config, IReadOnlyDictionary<string, string>? environment = null, bool inTerminalForeground = false, (int Fd, string Name)? activatedSocket = null)
    {
        string directory = Directory.CreateTempSubdirectory("oslo-proc-ft-").FullName;
        File.WriteAllText(Path.Combine(directory, "workerhost.conf"), config);
        // tests/Oslo.Service.FunctionalTests/bin/<Configuration>/net10.0/ → tests/Oslo.Service.WorkerHost/bin/<Configuration>/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string dll = Path.Combine(output.Parent!.Parent!.Parent!.Parent!.FullName, "Oslo.Service.WorkerHost", "bin", output.Parent.Name, output.Name, "Oslo.Service.WorkerHost.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The WorkerHost was not built next to the functional tests.", dll);
        }

        string dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        // A daemon in its own session (setsid), or the foreground process group of a new pseudo-terminal (script).
        var info = new ProcessStartInfo(inTerminalForeground ? "script" : "setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        string[] command = [dotnet, dll, "--config-file", Path.Combine(directory, "workerhost.conf")];
        string shellCommand = "exec " + string.Join(' ', command.Select(w => "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        string[] args = (inTerminalForeground, activatedSocket) switch
        {
            (true, _) => ["-qfec", shellCommand, "/dev/null"],
            // systemd's hand-over: the socket as descriptor 3, LISTEN_PID the pid that will exec the program.
            (_, { } socket) => ["bash", "-c", $"exec 3<&{socket.Fd}; export LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES='{socket.Name}'; {shellCommand}"],
            _ => command,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (string variable in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "OSLO_SERVICE_WORKER", "OSLO_SERVICE_SOCKETS" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_TieredPGO"] = "0";
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var host = new WorkerHostProcess(Process.Start(info)!, directory);
        try
        {
            string first = await host.WaitForLineAsync(line => line.Contains("workerhost pid=", StringComparison.Ordinal), "announcing the pid");
            host.Pid = int.Parse(AnnounceLine().Match(first).Groups["pid"].Value, CultureInfo.InvariantCulture);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public void Signal(int signal) => Signal(Pid, signal);

    public void Signal(int pid, int signal)
    {
        if (Posix.Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}\n{Transcript}");
        }
    }

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds over all the lines so far.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<string>, bool> condition, string what, TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? Deadline);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (condition(_lines))
                {
                    return;
                }

                changed = _changed.Task;
            }

            // Once the output has ended no line will come: wait on the clock only (changed stays completed).
            Task next = changed.IsCompleted ? Task.Delay(20, CancellationToken.None) : changed;
            await Task.WhenAny(next, Task.Delay(Timeout.Infinite, cts.Token));
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Not true before the deadline: {what}. Transcript:\n{Transcript}");
            }
        }
    }

    /// <summary>Waits for a condition outside the transcript (e.g. client counters), checking every 20 ms.</summary>
    public async Task WaitForAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > (deadline ?? Deadline))
            {
                throw new TimeoutException($"Not true before the deadline: {what}. Transcript:\n{Transcript}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits for a line matching <paramref name="match"/> (any line so far counts) and returns the first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan? deadline = null)
    {
        await WaitUntilAsync(lines => lines.Any(match), what, deadline);
        return Lines.First(match);
    }

    /// <summary>Waits for a line containing <paramref name="text"/>.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan? deadline = null) =>
        WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), $"a line containing '{text}'", deadline);

    /// <summary>How many lines contain <paramref name="text"/>.</summary>
    public int Count(string text) => Lines.Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>The ready workers seen so far, in order: (service, worker id, pid, the whole line).</summary>
    public IReadOnlyList<ReadyWorker> ReadyWorkers() => ParseReady(Lines);

    public static IReadOnlyList<ReadyWorker> ParseReady(IEnumerable<string> lines) =>
        [.. lines.Select(line => ReadyLine().Match(line)).Where(m => m.Success).Select(m => new ReadyWorker(
            int.Parse(m.Groups["svc"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture),
            m.Value))];

    /// <summary>Waits until the workers currently alive and ready number <paramref name="count"/>; returns them by worker id.</summary>
    public async Task<IReadOnlyDictionary<int, ReadyWorker>> WaitForLiveWorkersAsync(int count, int service = 0, Func<ReadyWorker, bool>? filter = null, TimeSpan? deadline = null)
    {
        IReadOnlyDictionary<int, ReadyWorker> Live(IReadOnlyList<string> lines) => ParseReady(lines)
            .Where(w => w.Service == service && IsAlive(w.Pid) && (filter?.Invoke(w) ?? true))
            .GroupBy(w => w.WorkerId)
            .ToDictionary(g => g.Key, g => g.Last());

        await WaitUntilAsync(lines => Live(lines).Count == count, $"{count} live ready workers of service {service}", deadline);
        return Live(Lines);
    }

    /// <summary>Waits for the parent to exit; returns its status.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? deadline = null)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(deadline ?? Deadline);
            await _readers.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The parent did not exit before the deadline. Transcript:\n{Transcript}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits until every pid is gone (or a zombie nobody reaped yet); polls /proc every 10 ms.</summary>
    public static async Task<bool> AllGoneWithinAsync(IEnumerable<int> pids, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        int[] all = [.. pids];
        while (watch.Elapsed < within)
        {
            if (all.All(pid => !IsAlive(pid)))
            {
                return true;
            }

            await Task.Delay(10);
        }

        return all.All(pid => !IsAlive(pid));
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            char state = stat[stat.LastIndexOf(')') + 2];
            return state != 'Z' && state != 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>User + system CPU time of a process, from /proc.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public async ValueTask DisposeAsync()
    {
        if (Pid > 0)
        {
            _ = Posix.Kill(-Pid, Posix.SigKill);
            _ = Posix.Kill(Pid, Posix.SigKill);
        }

        foreach (ReadyWorker worker in ReadyWorkers())
        {
            _ = Posix.Kill(worker.Pid, Posix.SigKill);
        }

        foreach (Match match in StartedLine().Matches(Transcript))
        {
            _ = Posix.Kill(int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture), Posix.SigKill);
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                _lines.Add(line);
                _changed.TrySetResult();
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        lock (_lock)
        {
            _changed.TrySetResult();
        }
    }

    [GeneratedRegex(@"pid=(?<pid>\d+)")]
    private static partial Regex AnnounceLine();

    [GeneratedRegex(@"worker-ready svc=(?<svc>\d+) id=(?<id>-?\d+) pid=(?<pid>\d+).*")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"Started child (?<pid>\d+)")]
    private static partial Regex StartedLine();
}

/// <summary>A "worker-ready" line.</summary>
internal sealed record ReadyWorker(int Service, int WorkerId, int Pid, string Line);
