using System.Collections.Concurrent;
using System.Diagnostics;

namespace Oslo.Bench;

/// <summary>
/// A process the bench started, in a process group of its own, that dies with the bench however the bench ends —
/// a return, an exception, Ctrl-C, or a SIGKILL that runs no handler at all. Every process a scenario starts goes
/// through <see cref="Start"/>; disposing the child kills what is left of its group.
/// </summary>
/// <remarks>
/// Three layers, because each covers what the others cannot:
/// <list type="number">
/// <item>The child runs under <c>setsid setpriv --pdeathsig KILL</c>: its own process group (a server's workers
/// and a Python peer's forked children share it) and SIGKILL from the kernel when the bench dies.</item>
/// <item>The group is registered with the reaper, a small shell started once per bench process, in a session of its
/// own, whose standard input is a pipe from the bench. The kernel closes that pipe when the bench dies, however it
/// dies; the reaper then kills every group still registered. That reaches grandchildren whose parent's death would
/// otherwise go unnoticed for a while (gunicorn's sync workers look for their arbiter every 15 s).</item>
/// <item><see cref="Dispose"/> kills the group and unregisters it once the scenario is done with it, so a
/// process group id the kernel hands out again later is never killed by mistake.</item>
/// </list>
/// Children are forked from one dedicated thread: Linux sends the parent-death signal when the <em>thread</em> that
/// forked the child ends, and .NET forks on the calling thread, so a pool thread retiring would kill a server in the
/// middle of a measurement. The reaper and the spawner thread are process-wide on purpose: they stand for the bench
/// process itself, whose death is what they watch.
/// </remarks>
internal sealed class ChildProcess : IDisposable
{
    private const string ReaperScript = """
        trap '' INT HUP
        groups=' '
        while read -r op pgid; do
          case $op in
            add) groups+="$pgid ";;
            del) groups=${groups/ $pgid / };;
          esac
        done
        for g in $groups; do kill -KILL -- "-$g" 2>/dev/null; done
        """;

    private static readonly Lock s_reaperLock = new();
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Result)> s_spawns = [];
    private static Process? s_reaper;
    private static Thread? s_spawner;

    private bool _disposed;

    private ChildProcess(Process process) => Process = process;

    /// <summary>The started process; its id is the id of its process group.</summary>
    public Process Process { get; }

    /// <summary>The process id, which is also its process group id.</summary>
    public int Id => Process.Id;

    /// <summary>
    /// Starts <paramref name="info"/>'s command (a file name and an argument list, no shell execute) as a child of the
    /// bench: in its own session and process group (a daemon: no controlling terminal, so SIGHUP means reload), killed
    /// with the bench.
    /// </summary>
    public static ChildProcess Start(ProcessStartInfo info)
    {
        if (info.UseShellExecute)
        {
            throw new ArgumentException("a bench child is started without a shell", nameof(info));
        }

        // setsid(1) calls setsid(2) and execs without forking: a child of .NET is never a group leader, so the pid is
        // the command's own, and signals sent to it reach the program, not a wrapper.
        string[] command = [info.FileName, .. info.ArgumentList];
        info.FileName = "setsid";
        info.ArgumentList.Clear();
        foreach (string word in (string[])["setpriv", "--pdeathsig", "KILL", "--", .. command])
        {
            info.ArgumentList.Add(word);
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (s_reaperLock)
        {
            EnsureStarted();
            s_spawns.Add((info, started));
            Process process = started.Task.GetAwaiter().GetResult();
            s_reaper!.StandardInput.WriteLine($"add {process.Id}");
            return new ChildProcess(process);
        }
    }

    /// <summary>Kills whatever is left of the child's process group and forgets the group.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // Even when the leader has exited, the kernel hands its id to no new process while a member of its group
        // lives; once the group is empty the kill finds nobody (unless the id was reused within these microseconds).
        _ = BenchProcess.Kill(-Process.Id, 9);
        lock (s_reaperLock)
        {
            s_reaper?.StandardInput.WriteLine($"del {Process.Id}");
        }

        Process.Dispose();
    }

    private static void EnsureStarted()
    {
        if (s_reaper is not null)
        {
            return;
        }

        // The reaper has no parent-death signal: it must outlive the bench to do its job, and it ends right after.
        var reaper = new ProcessStartInfo("setsid") { RedirectStandardInput = true, UseShellExecute = false };
        foreach (string word in (string[])["bash", "-c", ReaperScript.Replace("\r\n", "\n", StringComparison.Ordinal)])
        {
            reaper.ArgumentList.Add(word);
        }

        s_reaper = Process.Start(reaper)!;
        s_reaper.StandardInput.AutoFlush = true;
        s_spawner = new Thread(Spawn) { IsBackground = true, Name = "bench-spawner" };
        s_spawner.Start();
    }

    private static void Spawn()
    {
        foreach ((ProcessStartInfo info, TaskCompletionSource<Process> result) in s_spawns.GetConsumingEnumerable())
        {
            try
            {
                result.SetResult(Process.Start(info)!);
            }
            catch (Exception exception)
            {
                result.SetException(exception);
            }
        }
    }
}
