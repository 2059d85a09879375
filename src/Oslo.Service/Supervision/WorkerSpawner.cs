using System.Collections.Concurrent;
using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;

using Oslo.Service.Interop;
using Oslo.Service.Sockets;

namespace Oslo.Service.Supervision;

/// <summary>
/// Starts worker processes, one at a time, from one dedicated thread that lives as long as the launcher.
/// </summary>
/// <remarks>
/// Why one thread: Linux delivers <c>PR_SET_PDEATHSIG</c> when the <em>thread</em> that forked the child exits, and
/// .NET forks on the calling thread, so spawning from pool threads would signal workers whenever the pool shrinks.
/// Serialising spawns also keeps the inheritable window of the shared sockets and of each worker's control socket
/// to exactly one spawn: nothing else we start inherits them.
/// </remarks>
internal sealed class WorkerSpawner : IWorkerSpawner
{
    /// <summary>Variables meant for the parent only: systemd's, and the parent's own worker marker.</summary>
    private static readonly string[] s_parentOnlyVariables =
        ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"];

    private readonly BlockingCollection<(WorkerSpawnRequest Request, TaskCompletionSource<IWorkerHandle> Result)> _queue = [];
    private readonly Thread _thread;
    private readonly string _fileName;
    private readonly IReadOnlyList<string> _arguments;
    private readonly ChildReaper _reaper = new();
    private readonly Func<int> _memoryBudgetMb;
    private readonly Func<int> _processorCount;

    /// <param name="memoryBudgetMb">The family's <c>worker_memory_budget_mb</c> now (0: none), shared among the workers.</param>
    /// <param name="processorCount"><c>worker_processor_count</c> now (0: each worker's share of the CPUs; -1, the
    /// default: the runtime's own count).</param>
    internal WorkerSpawner(Func<int>? memoryBudgetMb = null, Func<int>? processorCount = null)
    {
        _memoryBudgetMb = memoryBudgetMb ?? (static () => 0);
        _processorCount = processorCount ?? (static () => -1);
        (_fileName, _arguments) = WorkerCommandLine.Current();
        _thread = new Thread(Run) { IsBackground = true, Name = "oslo-worker-spawner" };
        _thread.Start();
    }

    /// <summary>Starts a worker process on the spawner thread.</summary>
    public Task<IWorkerHandle> SpawnAsync(WorkerSpawnRequest request)
    {
        var result = new TaskCompletionSource<IWorkerHandle>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.TryAdd((request, result)))
        {
            result.SetException(new ObjectDisposedException(nameof(WorkerSpawner)));
        }

        return result.Task;
    }

    /// <summary>Ends the spawner thread after the spawns already queued.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _reaper.Dispose();
    }

    private void Run()
    {
        foreach ((WorkerSpawnRequest request, TaskCompletionSource<IWorkerHandle> result) in _queue.GetConsumingEnumerable())
        {
            try
            {
                result.SetResult(Spawn(request));
            }
            catch (Exception exception)
            {
                result.SetException(exception);
            }
        }
    }

    private unsafe ProcessWorkerHandle Spawn(WorkerSpawnRequest request)
    {
        int* fds = stackalloc int[2];
        if (Libc.SocketPair(Libc.AfUnix, Libc.SockStream | Libc.SockCloExec, 0, fds) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "socketpair() failed while starting a worker");
        }

        int parentFd = fds[0];
        int childFd = fds[1];
        try
        {
            CloseOnExec.Set(childFd, closeOnExec: false);
            // Open to this one spawn only, like the sockets: spawns are serialised on this thread.
            if (request.BoardFd >= 0)
            {
                CloseOnExec.Set(request.BoardFd, closeOnExec: false);
            }

            using InheritedSockets.SpawnScope sockets = InheritedSockets.BeginSpawn();
            Dictionary<string, string> environment = CurrentEnvironment();
            foreach (string variable in s_parentOnlyVariables)
            {
                environment.Remove(variable);
            }

            if (sockets.Variable is { } inherited)
            {
                environment[InheritedSocketsVariable.Name] = inherited;
            }
            else
            {
                environment.Remove(InheritedSocketsVariable.Name);
            }

            environment[WorkerIdentity.Variable] = new WorkerIdentity(
                request.ServiceIndex, request.WorkerId ?? WorkerIdentity.SpareWorkerId, Environment.ProcessId, childFd, request.HeartbeatInterval, request.Workers, request.BoardFd).Format();
            foreach ((string name, string value) in request.ExtraEnvironment)
            {
                environment.TryAdd(name, value);
            }

            MemoryBudget.Apply(environment, _memoryBudgetMb(), request.MemoryShares > 0 ? request.MemoryShares : request.Workers);
            // The CPU count (cgroup files) is read only when a share is asked for: -1, oslo-config's default, reads nothing.
            if (_processorCount() is int processorCount and >= 0)
            {
                ProcessorShare.Apply(environment, processorCount, ProcessorShare.Cores, request.Workers);
            }

            int pid = PosixSpawn(_fileName, [_fileName, .. _arguments], [.. environment.Select(pair => pair.Key + "=" + pair.Value)]);
            // Before the reaper tracks it: until then it cannot be reaped, so the pidfd names our child for sure.
            int pidFd = PidFd.Open(pid);
            var control = new Socket(new SafeSocketHandle(parentFd, ownsHandle: true));
            parentFd = -1;
            return new ProcessWorkerHandle(pid, pidFd, control, _reaper.Track(pid));
        }
        finally
        {
            // The child has its copy (or never started); ours must go so end-of-file reaches the parent when it dies.
            _ = Libc.Close(childFd);
            if (request.BoardFd >= 0)
            {
                CloseOnExec.Set(request.BoardFd, closeOnExec: true);
            }

            if (parentFd >= 0)
            {
                _ = Libc.Close(parentFd);
            }
        }
    }

    private static Dictionary<string, string> CurrentEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return environment;
    }

    /// <summary>
    /// <c>posix_spawn</c> with every signal reset to its default action and none blocked, as <c>Process.Start</c>
    /// does for its children; the child inherits the descriptors without close-on-exec and our stdio.
    /// </summary>
    private static unsafe int PosixSpawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp)
    {
        var allocations = new List<nint>(argv.Count + envp.Count + 1);
        byte* Utf8(string value)
        {
            nint pointer = Marshal.StringToCoTaskMemUTF8(value);
            allocations.Add(pointer);
            return (byte*)pointer;
        }

        byte** args = stackalloc byte*[argv.Count + 1];
        byte** env = (byte**)NativeMemory.Alloc((nuint)(envp.Count + 1), (nuint)sizeof(byte*));
        byte* attributes = stackalloc byte[Libc.PosixSpawnAttrSize];
        byte* none = stackalloc byte[Libc.SigSetSize];
        byte* all = stackalloc byte[Libc.SigSetSize];
        try
        {
            for (int i = 0; i < argv.Count; i++)
            {
                args[i] = Utf8(argv[i]);
            }

            args[argv.Count] = null;
            for (int i = 0; i < envp.Count; i++)
            {
                env[i] = Utf8(envp[i]);
            }

            env[envp.Count] = null;
            _ = Libc.SigEmptySet(none);
            _ = Libc.SigFillSet(all);
            Check(Libc.PosixSpawnAttrInit(attributes), "posix_spawnattr_init");
            try
            {
                Check(Libc.PosixSpawnAttrSetFlags(attributes, Libc.PosixSpawnSetSigDef | Libc.PosixSpawnSetSigMask), "posix_spawnattr_setflags");
                Check(Libc.PosixSpawnAttrSetSigMask(attributes, none), "posix_spawnattr_setsigmask");
                Check(Libc.PosixSpawnAttrSetSigDefault(attributes, all), "posix_spawnattr_setsigdefault");
                int pid;
                Check(Libc.PosixSpawn(&pid, Utf8(path), null, attributes, args, env), $"posix_spawn of '{path}'");
                return pid;
            }
            finally
            {
                _ = Libc.PosixSpawnAttrDestroy(attributes);
            }
        }
        finally
        {
            NativeMemory.Free(env);
            foreach (nint pointer in allocations)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new Win32Exception(error, $"{call} failed while starting a worker");
        }
    }
}
