using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Oslo.Packaging.Tests.NativeAot;

/// <summary>
/// The published WorkerHost started as a ProcessLauncher parent in its own session (<c>setsid</c>), as the functional
/// tests' WorkerHostProcess does for the JIT build: reads the lines of the parent and its workers, waits on them
/// with deadlines, sends real signals, and kills the process group and every worker it saw when disposed.
/// </summary>
internal sealed partial class WorkerHostRun : IAsyncDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private readonly string _directory;

    private WorkerHostRun(Process process, string directory)
    {
        _process = process;
        _directory = directory;
        _ = PumpAsync(process.StandardOutput);
        _ = PumpAsync(process.StandardError);
    }

    /// <summary>The parent's pid (and process group: it leads its session), from its "workerhost pid=" line.</summary>
    public int Pid { get; private set; }

    /// <summary>Every line so far.</summary>
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

    /// <summary>Starts <paramref name="program"/> with <paramref name="workers"/> workers and the WORKERHOST_* knobs in <paramref name="environment"/>.</summary>
    public static async Task<WorkerHostRun> StartAsync(string program, int workers, IReadOnlyDictionary<string, string>? environment = null)
    {
        string directory = Directory.CreateTempSubdirectory("oslo-aot-run-").FullName;
        string config = Path.Combine(directory, "workerhost.conf");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture,
            $"[DEFAULT]\nworkers = {workers}\ngraceful_shutdown_timeout = 10\nlog_options = false\n"));
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (string arg in new[] { program, "--config-file", config })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (string variable in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "OSLO_SERVICE_WORKER", "OSLO_SERVICE_SOCKETS" })
        {
            info.Environment.Remove(variable);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var run = new WorkerHostRun(Process.Start(info)!, directory);
        try
        {
            await run.WaitForAsync(() => run.Announced() is not null, "the parent announcing its pid");
            run.Pid = run.Announced()!.Value;
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="count"/> workers are alive and ready; returns them by worker id.</summary>
    public async Task<IReadOnlyDictionary<int, int>> WaitForLiveWorkersAsync(int count, Func<int, bool>? pidFilter = null)
    {
        IReadOnlyDictionary<int, int> Live() => ReadyWorkers()
            .Where(w => IsAlive(w.Pid) && (pidFilter?.Invoke(w.Pid) ?? true))
            .GroupBy(w => w.Id)
            .ToDictionary(g => g.Key, g => g.Last().Pid);

        await WaitForAsync(() => Live().Count == count, $"{count} live ready workers");
        return Live();
    }

    /// <summary>Waits for <paramref name="condition"/>, checking every 10 ms, and fails with the transcript at the deadline.</summary>
    public async Task WaitForAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > s_deadline)
            {
                throw new TimeoutException($"Not true before the deadline: {what}. Transcript:\n{Transcript}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    public void Signal(int pid, int signal) =>
        Assert.True(Posix.Kill(pid, signal) == 0, $"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}\n{Transcript}");

    /// <summary>Waits for the parent to exit; returns its status.</summary>
    public async Task<int> WaitForExitAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(s_deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The parent did not exit before the deadline. Transcript:\n{Transcript}");
        }

        return _process.ExitCode;
    }

    /// <summary>True when every pid is gone (or a zombie) within <paramref name="within"/>; polls /proc every 10 ms.</summary>
    public static async Task<bool> AllGoneWithinAsync(IEnumerable<int> pids, TimeSpan within)
    {
        int[] all = [.. pids];
        var watch = Stopwatch.StartNew();
        while (all.Any(IsAlive) && watch.Elapsed < within)
        {
            await Task.Delay(10);
        }

        return !all.Any(IsAlive);
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Pid > 0)
        {
            _ = Posix.Kill(-Pid, Posix.SigKill);
        }

        if (!_process.HasExited)
        {
            _process.Kill();
        }

        foreach ((_, int pid) in ReadyWorkers())
        {
            _ = Posix.Kill(pid, Posix.SigKill);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Waits for a line matching <paramref name="pattern"/> and returns its match.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern)
    {
        Match? Find()
        {
            lock (_lock)
            {
                return _lines.Select(line => pattern.Match(line)).FirstOrDefault(m => m.Success);
            }
        }

        await WaitForAsync(() => Find() is not null, $"a line matching {pattern}");
        return Find()!;
    }

    private int? Announced()
    {
        lock (_lock)
        {
            Match? match = _lines.Select(line => AnnounceLine().Match(line)).FirstOrDefault(m => m.Success);
            return match is null ? null : int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
        }
    }

    private List<(int Id, int Pid)> ReadyWorkers()
    {
        lock (_lock)
        {
            return [.. _lines.Select(line => ReadyLine().Match(line)).Where(m => m.Success).Select(m => (
                int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture)))];
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                _lines.Add(line);
            }
        }
    }

    [GeneratedRegex(@"^workerhost pid=(?<pid>\d+)")]
    private static partial Regex AnnounceLine();

    [GeneratedRegex(@"worker-ready svc=\d+ id=(?<id>-?\d+) pid=(?<pid>\d+)")]
    private static partial Regex ReadyLine();
}
