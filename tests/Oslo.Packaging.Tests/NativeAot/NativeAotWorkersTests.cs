using System.Globalization;
using System.Text.RegularExpressions;

namespace Oslo.Packaging.Tests.NativeAot;

/// <summary>
/// The ProcessLauncher in a Native AOT-published program (the WorkerHost): it re-executes its own native executable
/// as workers, and the supervision and signals work as under the JIT, with real processes and real signals.
/// </summary>
public sealed class NativeAotWorkersTests(NativeAotWorkerHost host) : IClassFixture<NativeAotWorkerHost>
{
    [Fact]
    public async Task Launch_FourWorkers_AllReadyWithStableIdsAndNoRuntimeLoaded()
    {
        await using WorkerHostRun run = await WorkerHostRun.StartAsync(host.Program, workers: 4);

        IReadOnlyDictionary<int, int> workers = await run.WaitForLiveWorkersAsync(4);

        Assert.Equal([0, 1, 2, 3], workers.Keys.Order());
        // Native code: no IL next to the program, and neither the parent nor a worker maps the CoreCLR runtime.
        Assert.Empty(Directory.GetFiles(host.OutputDirectory, "*.dll"));
        foreach (int pid in workers.Values.Append(run.Pid))
        {
            Assert.DoesNotContain("libcoreclr.so", await File.ReadAllTextAsync($"/proc/{pid}/maps"), StringComparison.Ordinal);
            Assert.Equal(host.Program, new FileInfo($"/proc/{pid}/exe").LinkTarget);
        }
    }

    [Fact]
    public async Task PublishedProgram_BindsTheLibrariesLibcCallsAtLinkTime()
    {
        // src/Oslo.Config/buildTransitive/Oslo.Config.targets (DirectPInvoke libc): the C library functions the libraries
        // call are imports of the executable, bound by the dynamic loader with the rest of libc, so no process searches
        // for "libc" at its first call. The runtime itself calls none of these three.
        ProcessResult symbols = await ProcessResult.RunAsync("readelf", ["--dyn-syms", "--wide", host.Program], host.OutputDirectory,
            new Dictionary<string, string?>(), TimeSpan.FromSeconds(60));
        Assert.True(symbols.ExitCode == 0, symbols.Describe());
        string[] imported = [.. symbols.Stdout.Split('\n').Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 8 && fields[6] == "UND").Select(fields => fields[7].Split('@')[0])];
        Assert.Contains("posix_spawn", imported); // the parent spawns its workers (Oslo.Service)
        Assert.Contains("socketpair", imported); // their control channels (Oslo.Service)
        Assert.Contains("statx", imported); // a config file's identity (Oslo.Config)
    }

    [Fact]
    public async Task Sigkill_OneWorker_RespawnedWithTheSameId()
    {
        await using WorkerHostRun run = await WorkerHostRun.StartAsync(host.Program, workers: 4);
        IReadOnlyDictionary<int, int> workers = await run.WaitForLiveWorkersAsync(4);
        int victim = workers[2];

        run.Signal(victim, Posix.SigKill);

        IReadOnlyDictionary<int, int> after = await run.WaitForLiveWorkersAsync(4, pid => pid != victim);
        Assert.NotEqual(victim, after[2]);
        Assert.Equal([workers[0], workers[1], workers[3]], [after[0], after[1], after[3]]);
        Assert.Contains($"Child {victim} killed by signal 9", run.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sighup_Reload_EveryWorkerReplacedWithANewPid()
    {
        await using WorkerHostRun run = await WorkerHostRun.StartAsync(host.Program, workers: 4);
        HashSet<int> old = [.. (await run.WaitForLiveWorkersAsync(4)).Values];

        run.Signal(run.Pid, Posix.SigHup);

        IReadOnlyDictionary<int, int> after = await run.WaitForLiveWorkersAsync(4, pid => !old.Contains(pid));
        Assert.Equal([0, 1, 2, 3], after.Keys.Order());
        await run.WaitForAsync(() => !old.Any(WorkerHostRun.IsAlive), "every old worker gone");
        Assert.True(WorkerHostRun.IsAlive(run.Pid), run.Transcript);
    }

    [Fact]
    public async Task Sigterm_Parent_ExitsZeroAndNoWorkerSurvives()
    {
        await using WorkerHostRun run = await WorkerHostRun.StartAsync(host.Program, workers: 4);
        IReadOnlyDictionary<int, int> workers = await run.WaitForLiveWorkersAsync(4);

        run.Signal(run.Pid, Posix.SigTerm);

        Assert.Equal(0, await run.WaitForExitAsync());
        // The parent reaps its workers before it exits: none may be left, not even for a moment.
        Assert.DoesNotContain(workers.Values, WorkerHostRun.IsAlive);
    }

    [Fact]
    public async Task Sigkill_Parent_WorkersGoneWithinOneSecond()
    {
        await using WorkerHostRun run = await WorkerHostRun.StartAsync(host.Program, workers: 4);
        IReadOnlyDictionary<int, int> workers = await run.WaitForLiveWorkersAsync(4);

        run.Signal(run.Pid, Posix.SigKill);

        Assert.True(await WorkerHostRun.AllGoneWithinAsync(workers.Values, TimeSpan.FromSeconds(1)), run.Transcript);
    }

    [Fact]
    public async Task Kestrel_TwoWorkers_ServeFromTheParentsSocket()
    {
        // A Generic Host app (WebApplication.CreateSlimBuilder) as workers, on a socket the parent bound and shares.
        await using WorkerHostRun run = await WorkerHostRun.StartAsync(host.Program, workers: 2,
            new Dictionary<string, string> { ["WORKERHOST_KIND"] = "kestrel", ["WORKERHOST_PORT"] = "0" });
        Match bound = await run.WaitForLineAsync(new Regex(@"parent-bound port=(?<port>\d+)"));
        IReadOnlyDictionary<int, int> workers = await run.WaitForLiveWorkersAsync(2);
        int port = int.Parse(bound.Groups["port"].Value, CultureInfo.InvariantCulture);

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string body = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"));

        Assert.Contains(workers.Values, pid => body.Contains($"pid={pid} ", StringComparison.Ordinal));
    }
}
