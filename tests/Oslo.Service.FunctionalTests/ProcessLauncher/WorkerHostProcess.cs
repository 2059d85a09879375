using System.Globalization;
using System.Text.RegularExpressions;

namespace Oslo.Service.FunctionalTests.ProcessLauncher;

/// <summary>
/// The WorkerHost program started as a real ProcessLauncher parent in its own session (<c>setsid</c>), on the shared
/// <see cref="ChildProcess"/>: reads the output of the parent and its workers, waits for lines with deadlines, sends
/// real signals, and kills the whole process group plus every worker pid it saw when disposed.
/// </summary>
internal sealed partial class WorkerHostProcess : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    private readonly ChildProcess _child;
    private readonly string _directory;

    private WorkerHostProcess(ChildProcess child, string directory)
    {
        _child = child;
        _directory = directory;
    }

    /// <summary>The parent's pid (and process group: it is a session leader).</summary>
    public int Pid { get; private set; }

    /// <summary>The config file the parent and workers read (rewrite it, then SIGHUP).</summary>
    public string ConfigFile => Path.Combine(_directory, "workerhost.conf");

    public string Transcript => _child.Transcript;

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

        // A daemon in its own session (setsid), or the foreground process group of a new pseudo-terminal (script).
        string[] program = [ChildProcess.Dotnet, dll, "--config-file", Path.Combine(directory, "workerhost.conf")];
        string shellCommand = "exec " + ChildProcess.ShellJoin(program);
        string[] command = (inTerminalForeground, activatedSocket) switch
        {
            (true, _) => ["script", "-qfec", shellCommand, "/dev/null"],
            // systemd's hand-over: the socket as descriptor 3, LISTEN_PID the pid that will exec the program.
            (_, { } socket) => ["setsid", "bash", "-c", $"exec 3<&{socket.Fd}; export LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES='{socket.Name}'; {shellCommand}"],
            _ => ["setsid", .. program],
        };
        var variables = new Dictionary<string, string?> { ["DOTNET_TieredPGO"] = "0" };
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var host = new WorkerHostProcess(ChildProcess.Start(command, directory, variables, leadsGroup: !inTerminalForeground), directory);
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

    public void Signal(int pid, int signal) => _child.Signal(pid, signal);

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<string> Lines => _child.Lines;

    /// <summary>Waits until <paramref name="condition"/> holds over all the lines so far.</summary>
    public Task WaitUntilAsync(Func<IReadOnlyList<string>, bool> condition, string what, TimeSpan? deadline = null) =>
        _child.WaitUntilAsync(condition, what, deadline ?? Deadline);

    /// <summary>Waits for a condition outside the transcript (e.g. client counters), checking every 20 ms.</summary>
    public Task WaitForAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        _child.WaitForAsync(condition, what, deadline ?? Deadline);

    /// <summary>Waits for a line matching <paramref name="match"/> (any line so far counts) and returns the first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan? deadline = null) =>
        (await _child.WaitForLineAsync(match, what, deadline ?? Deadline)).Line;

    /// <summary>Waits for a line containing <paramref name="text"/>.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan? deadline = null) => _child.WaitForLineAsync(text, deadline ?? Deadline);

    /// <summary>How many lines contain <paramref name="text"/>.</summary>
    public int Count(string text) => _child.Count(text);

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
    public Task<int> WaitForExitAsync(TimeSpan? deadline = null) => _child.WaitForExitAsync(deadline ?? Deadline);

    /// <summary>Waits until every pid is gone (or a zombie nobody reaped yet); polls /proc every 10 ms.</summary>
    public static Task<bool> AllGoneWithinAsync(IEnumerable<int> pids, TimeSpan within) => ProcFs.AllGoneWithinAsync(pids, within);

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => ProcFs.IsAlive(pid);

    /// <summary>User + system CPU time of a process, from /proc.</summary>
    public static TimeSpan CpuTime(int pid) => ProcFs.CpuTime(pid);

    public async ValueTask DisposeAsync()
    {
        // The script wrapper does not lead the group: the parent's own group (it calls setsid) is killed by id.
        if (Pid > 0)
        {
            _ = Posix.Kill(-Pid, Posix.SigKill);
        }

        int[] workers = [Pid, .. ReadyWorkers().Select(w => w.Pid), .. StartedLine().Matches(Transcript).Select(m => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture))];
        await _child.DisposeAsync(workers.Where(pid => pid > 0));
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
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
