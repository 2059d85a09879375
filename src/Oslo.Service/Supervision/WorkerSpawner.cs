using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
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
internal sealed class WorkerSpawner : IDisposable
{
    /// <summary>Variables meant for the parent only: systemd's, and the parent's own worker marker.</summary>
    private static readonly string[] s_parentOnlyVariables =
        ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"];

    private readonly BlockingCollection<(WorkerSpawnRequest Request, TaskCompletionSource<SpawnedWorker> Result)> _queue = [];
    private readonly Thread _thread;
    private readonly string _fileName;
    private readonly IReadOnlyList<string> _arguments;

    internal WorkerSpawner()
    {
        (_fileName, _arguments) = WorkerCommandLine.Current();
        _thread = new Thread(Run) { IsBackground = true, Name = "oslo-worker-spawner" };
        _thread.Start();
    }

    /// <summary>Starts a worker process on the spawner thread.</summary>
    internal Task<SpawnedWorker> SpawnAsync(WorkerSpawnRequest request)
    {
        var result = new TaskCompletionSource<SpawnedWorker>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.TryAdd((request, result)))
        {
            result.SetException(new ObjectDisposedException(nameof(WorkerSpawner)));
        }

        return result.Task;
    }

    /// <summary>Ends the spawner thread after the spawns already queued.</summary>
    public void Dispose() => _queue.CompleteAdding();

    private void Run()
    {
        foreach ((WorkerSpawnRequest request, TaskCompletionSource<SpawnedWorker> result) in _queue.GetConsumingEnumerable())
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

    private unsafe SpawnedWorker Spawn(WorkerSpawnRequest request)
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
            using InheritedSockets.SpawnScope sockets = InheritedSockets.BeginSpawn();
            var startInfo = new ProcessStartInfo(_fileName) { UseShellExecute = false };
            foreach (string argument in _arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            foreach (string variable in s_parentOnlyVariables)
            {
                startInfo.Environment.Remove(variable);
            }

            startInfo.Environment[InheritedSocketsVariable.Name] = sockets.Variable;
            startInfo.Environment[WorkerIdentity.Variable] = new WorkerIdentity(
                request.ServiceIndex, request.WorkerId, Environment.ProcessId, childFd, request.HeartbeatInterval).Format();
            foreach ((string name, string value) in request.ExtraEnvironment)
            {
                startInfo.Environment.TryAdd(name, value);
            }

            Process process = Process.Start(startInfo)
                ?? throw new InvalidOperationException($"Starting the worker process '{_fileName}' returned no process.");
            var control = new Socket(new SafeSocketHandle(parentFd, ownsHandle: true));
            parentFd = -1;
            return new SpawnedWorker(process, control);
        }
        finally
        {
            // The child has its copy (or never started); ours must go so end-of-file reaches the parent when it dies.
            _ = Libc.Close(childFd);
            if (parentFd >= 0)
            {
                _ = Libc.Close(parentFd);
            }
        }
    }
}
