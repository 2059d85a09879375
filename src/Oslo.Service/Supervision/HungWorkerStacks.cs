using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

using Microsoft.Extensions.Logging;

using Oslo.Service.Interop;

namespace Oslo.Service.Supervision;

/// <summary>Captures the managed thread stacks of a worker process, as text.</summary>
internal interface IStackCapture
{
    /// <summary>The stacks of process <paramref name="pid"/>; throws when they cannot be had.</summary>
    Task<string> CaptureAsync(int pid, CancellationToken cancellationToken);

    /// <summary>Writes a mini dump of process <paramref name="pid"/> to <paramref name="path"/> (mode 0600); throws when it cannot.</summary>
    Task DumpAsync(int pid, string path, CancellationToken cancellationToken);
}

/// <summary>
/// <c>hung_worker_stacks_command</c>: runs <c>COMMAND stacks --pid PID</c> (by default the <c>oslo-ctl</c> tool) and
/// returns what it printed; for <c>hung_worker_dump_dir</c>, <c>COMMAND dump --pid PID --output FILE</c>.
/// </summary>
/// <remarks>
/// Out of process on purpose: reading stacks means an EventPipe session on the worker's diagnostics port, decoded with
/// TraceEvent, which is not Native AOT compatible — Oslo.Service must stay so, and a parent must never load a
/// profiler's worth of code to run its supervision loop. The tool starts in a few hundred milliseconds; the watchdog
/// starts it when a worker is half-way to its heartbeat timeout, so the stacks are usually ready when the kill is due.
/// </remarks>
internal sealed class ToolStackCapture(string fileName, IReadOnlyList<string> arguments) : IStackCapture
{
    // A capture the kill did not wait for (or one of a worker that recovered) still ends on its own.
    private static readonly TimeSpan s_ownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The capture <c>hung_worker_stacks_command</c> names; null when it is empty.</summary>
    internal static ToolStackCapture? FromCommand(string? command)
    {
        string[] words = (command ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length == 0 ? null : new ToolStackCapture(words[0], words[1..]);
    }

    /// <inheritdoc/>
    public Task<string> CaptureAsync(int pid, CancellationToken cancellationToken) =>
        RunAsync(["stacks", "--pid", pid.ToString(CultureInfo.InvariantCulture)], cancellationToken);

    /// <inheritdoc/>
    public Task DumpAsync(int pid, string path, CancellationToken cancellationToken) =>
        RunAsync(["dump", "--pid", pid.ToString(CultureInfo.InvariantCulture), "--output", path], cancellationToken);

    private async Task<string> RunAsync(string[] command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string argument in command)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"'{fileName}' did not start");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"cannot run '{fileName}' (hung_worker_stacks_command): {exception.Message}", exception);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_ownTimeout);
            try
            {
                Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
                Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return process.ExitCode == 0
                    ? (await output.ConfigureAwait(false)).TrimEnd()
                    : throw new InvalidOperationException($"'{fileName}' exited with status {process.ExitCode}: {(await error.ConfigureAwait(false)).Trim()}");
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }
    }
}

/// <summary>
/// The stacks of a worker about to be SIGKILLed (hung, or still running at the graceful deadline), in the log before
/// the kill, then its mini dump when <c>hung_worker_dump_dir</c> is set, and the kill within <see cref="KillBound"/>
/// of the decision whatever the capture does.
/// </summary>
/// <remarks>
/// The dump starts once the stacks are in (or failed): both go through the worker's diagnostics port, whose server
/// handles a dump request only after the request before it, and the dump's <c>createdump</c> stops every thread of the
/// worker, which would freeze the stack sampling too. The stacks come first because they are what the log shows.
/// </remarks>
internal sealed class HungWorkerStacks(Func<IStackCapture?> capture, Func<string> dumpDirectory, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>
    /// The longest a kill waits for stacks and dump after it was decided: the kill must come within 1 s, and a loaded
    /// machine (a busy-looping worker is one) fires timers a few hundred milliseconds late.
    /// </summary>
    internal static readonly TimeSpan KillBound = TimeSpan.FromMilliseconds(600);

    private readonly Lock _lock = new();
    private readonly Dictionary<WorkerProcess, Diagnosis> _early = [];

    /// <summary>Starts capturing a worker that looks stuck (once), so the stacks are there if it must be killed.</summary>
    internal void Suspect(WorkerProcess worker)
    {
        if (capture() is not { } tool)
        {
            return;
        }

        lock (_lock)
        {
            if (!_early.ContainsKey(worker))
            {
                logger.CapturingStacks(worker.WorkerId ?? WorkerIdentity.SpareWorkerId, worker.Pid, worker.SinceHeartbeat.TotalSeconds);
                var cancel = new CancellationTokenSource();
                _early[worker] = Start(tool, worker, cancel);
            }
        }
    }

    /// <summary>A suspected worker sent a heartbeat again: its capture is dropped (and a dump of it deleted).</summary>
    internal void Clear(WorkerProcess worker)
    {
        lock (_lock)
        {
            if (_early.Remove(worker, out Diagnosis? early))
            {
                early.Drop();
            }
        }
    }

    /// <summary>Drops the captures of suspected workers that are no longer current (exited, replaced).</summary>
    internal void Forget(IReadOnlyCollection<WorkerProcess> current)
    {
        lock (_lock)
        {
            foreach (WorkerProcess gone in _early.Keys.Where(worker => !current.Contains(worker)).ToList())
            {
                if (_early.Remove(gone, out Diagnosis? early))
                {
                    early.Drop();
                }
            }
        }
    }

    /// <summary>
    /// Logs the stacks of <paramref name="workers"/> (captured now, or since they were suspected) and where their
    /// dumps were written, waiting at most <see cref="KillBound"/> from the call, then SIGKILLs each.
    /// </summary>
    internal async Task KillAsync(IReadOnlyList<WorkerProcess> workers, string why)
    {
        long decided = timeProvider.GetTimestamp();
        IStackCapture? tool = capture();
        var captures = new List<(WorkerProcess Worker, Diagnosis Diagnosis)>();
        foreach (WorkerProcess worker in workers)
        {
            Diagnosis? diagnosis;
            lock (_lock)
            {
                _ = _early.Remove(worker, out diagnosis);
            }

            diagnosis ??= tool is null ? null : Start(tool, worker, new CancellationTokenSource());
            if (diagnosis is not null)
            {
                captures.Add((worker, diagnosis));
            }
        }

        if (captures.Count > 0)
        {
            // Every capture runs at once: one bound for all, not one per worker.
            await Task.WhenAll(captures.Select(c => c.Diagnosis.Done)).WaitAsync(KillBound, timeProvider)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach ((WorkerProcess worker, Diagnosis diagnosis) in captures)
            {
                Log(worker, diagnosis, why);
            }
        }

        foreach (WorkerProcess worker in workers)
        {
            worker.Signal(SignalNumbers.SigKill);
            logger.HungWorkerKilled(worker.WorkerId ?? WorkerIdentity.SpareWorkerId, worker.Pid, (long)timeProvider.GetElapsedTime(decided).TotalMilliseconds);
        }
    }

    private void Log(WorkerProcess worker, Diagnosis diagnosis, string why)
    {
        int id = worker.WorkerId ?? WorkerIdentity.SpareWorkerId;
        Task<string> stacks = diagnosis.Stacks;
        if (stacks.IsCompletedSuccessfully)
        {
            logger.WorkerStacksBeforeKill(id, worker.Pid, why, stacks.Result);
        }
        else
        {
            logger.WorkerStacksMissing(id, worker.Pid, stacks.IsCompleted ? Reason(stacks) : NotWithinBound("captured"));
        }

        if (diagnosis.Dump is { } dump)
        {
            if (dump.IsCompletedSuccessfully)
            {
                logger.WorkerDumpWritten(id, worker.Pid, diagnosis.DumpPath!);
            }
            else if (dump.IsCompleted)
            {
                logger.WorkerDumpFailed(id, worker.Pid, diagnosis.DumpPath!, Reason(dump));
            }
            else
            {
                logger.WorkerDumpCutShort(id, worker.Pid, diagnosis.DumpPath!, NotWithinBound("finished"));
            }
        }

        // A capture the kill did not wait for ends with the worker (or at the tool's own timeout).
        diagnosis.Release();
    }

    private static string NotWithinBound(string what) => string.Create(CultureInfo.InvariantCulture, $"not {what} within {KillBound.TotalMilliseconds:F0} ms");

    private static string Reason(Task task) => task.Exception?.InnerException?.Message ?? "cancelled";

    private Diagnosis Start(IStackCapture tool, WorkerProcess worker, CancellationTokenSource cancel)
    {
        int pid = worker.Pid;
        CancellationToken token = cancel.Token;
        // Off the caller's thread: starting a process blocks for a moment, and the watchdog's timer must not.
        Task<string> stacks = Task.Run(() => tool.CaptureAsync(pid, token), CancellationToken.None);
        Observe(stacks);
        string directory = dumpDirectory();
        if (directory.Length == 0)
        {
            return new Diagnosis(stacks, null, null, cancel);
        }

        string path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture,
            $"oslo-worker-{worker.WorkerId ?? WorkerIdentity.SpareWorkerId}-{pid}-{timeProvider.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.dmp"));
        Task dump = Task.Run(async () =>
        {
            await ((Task)stacks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            token.ThrowIfCancellationRequested();
            await tool.DumpAsync(pid, path, token).ConfigureAwait(false);
        }, CancellationToken.None);
        Observe(dump);
        return new Diagnosis(stacks, dump, path, cancel);
    }

    private static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>One worker's stacks, and its dump (after them) when <c>hung_worker_dump_dir</c> is set.</summary>
    private sealed record Diagnosis(Task<string> Stacks, Task? Dump, string? DumpPath, CancellationTokenSource Cancel)
    {
        /// <summary>Completes when everything asked for is done (or failed).</summary>
        internal Task Done => Dump is null ? Stacks : Task.WhenAll(Stacks, Dump);

        /// <summary>Not needed any more (the worker recovered or went away): cancelled, and a dump written meanwhile deleted.</summary>
        internal void Drop()
        {
            Cancel.Cancel();
            Cancel.Dispose();
            if (DumpPath is { } path)
            {
                _ = Dump!.ContinueWith(_ => Delete(path), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }

        private static void Delete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Nothing was written, or the directory is not ours to clean: the file stays.
            }
        }

        /// <summary>Used by the kill: the captures run on to their end.</summary>
        internal void Release() => Cancel.Dispose();
    }
}
