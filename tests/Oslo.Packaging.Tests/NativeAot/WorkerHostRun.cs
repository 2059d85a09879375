using System.Globalization;
using System.Text.RegularExpressions;

namespace Oslo.Packaging.Tests.NativeAot;

/// <summary>
/// The published WorkerHost started as a ProcessLauncher parent in its own session (<c>setsid</c>), as the functional
/// tests' WorkerHostProcess does for the JIT build, on the shared <see cref="ChildProcess"/>: reads the lines of the
/// parent and its workers, waits on them with deadlines, sends real signals, and kills the process group and every
/// worker it saw when disposed.
/// </summary>
internal sealed partial class WorkerHostRun : IAsyncDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _child;
    private readonly string _directory;

    private WorkerHostRun(ChildProcess child, string directory)
    {
        _child = child;
        _directory = directory;
    }

    /// <summary>The parent's pid (and process group: it leads its session), from its "workerhost pid=" line.</summary>
    public int Pid { get; private set; }

    /// <summary>Every line so far.</summary>
    public string Transcript => _child.Transcript;

    /// <summary>Starts <paramref name="program"/> with <paramref name="workers"/> workers and the WORKERHOST_* knobs in <paramref name="environment"/>.</summary>
    public static async Task<WorkerHostRun> StartAsync(string program, int workers, IReadOnlyDictionary<string, string>? environment = null)
    {
        string directory = Directory.CreateTempSubdirectory("oslo-aot-run-").FullName;
        string config = Path.Combine(directory, "workerhost.conf");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture,
            $"[DEFAULT]\nworkers = {workers}\ngraceful_shutdown_timeout = 10\nlog_options = false\n"));
        IEnumerable<KeyValuePair<string, string?>> variables = (environment ?? new Dictionary<string, string>())
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value));
        var run = new WorkerHostRun(ChildProcess.Start(["setsid", program, "--config-file", config], directory, variables), directory);
        try
        {
            Match announced = await run.WaitForLineAsync(AnnounceLine());
            run.Pid = int.Parse(announced.Groups["pid"].Value, CultureInfo.InvariantCulture);
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

    /// <summary>Waits for <paramref name="condition"/>, checking every 20 ms, and fails with the transcript at the deadline.</summary>
    public Task WaitForAsync(Func<bool> condition, string what) => _child.WaitForAsync(condition, what, s_deadline);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    public void Signal(int pid, int signal) => _child.Signal(pid, signal);

    /// <summary>Waits for the parent to exit; returns its status.</summary>
    public Task<int> WaitForExitAsync() => _child.WaitForExitAsync(s_deadline);

    /// <summary>True when every pid is gone (or a zombie) within <paramref name="within"/>; polls /proc every 10 ms.</summary>
    public static Task<bool> AllGoneWithinAsync(IEnumerable<int> pids, TimeSpan within) => ProcFs.AllGoneWithinAsync(pids, within);

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => ProcFs.IsAlive(pid);

    public async ValueTask DisposeAsync()
    {
        await _child.DisposeAsync(ReadyWorkers().Select(w => w.Pid));
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Waits for a line matching <paramref name="pattern"/> and returns its match.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern)
    {
        (string line, _) = await _child.WaitForLineAsync(pattern.IsMatch, $"a line matching {pattern}", s_deadline);
        return pattern.Match(line);
    }

    private List<(int Id, int Pid)> ReadyWorkers() =>
        [.. _child.Lines.Select(line => ReadyLine().Match(line)).Where(m => m.Success).Select(m => (
            int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture)))];

    [GeneratedRegex(@"^workerhost pid=(?<pid>\d+)")]
    private static partial Regex AnnounceLine();

    [GeneratedRegex(@"worker-ready svc=\d+ id=(?<id>-?\d+) pid=(?<pid>\d+)")]
    private static partial Regex ReadyLine();
}
