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
}

/// <summary>
/// <c>hung_worker_stacks_command</c>: runs <c>COMMAND stacks --pid PID</c> (by default the <c>oslo-ctl</c> tool) and
/// returns what it printed.
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
    public async Task<string> CaptureAsync(int pid, CancellationToken cancellationToken)
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

        start.ArgumentList.Add("stacks");
        start.ArgumentList.Add("--pid");
        start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
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
/// the kill, and the kill within <see cref="KillBound"/> of the decision whatever the capture does.
/// </summary>
internal sealed class HungWorkerStacks(Func<IStackCapture?> capture, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>
    /// The longest a kill waits for stacks after it was decided: the kill must come within 1 s, and a loaded machine
    /// (a busy-looping worker is one) fires timers a few hundred milliseconds late.
    /// </summary>
    internal static readonly TimeSpan KillBound = TimeSpan.FromMilliseconds(600);

    private readonly Lock _lock = new();
    private readonly Dictionary<WorkerProcess, (Task<string> Stacks, CancellationTokenSource Cancel)> _early = [];

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
                _early[worker] = (Start(tool, worker.Pid, cancel.Token), cancel);
            }
        }
    }

    /// <summary>A suspected worker sent a heartbeat again: its capture is dropped.</summary>
    internal void Clear(WorkerProcess worker)
    {
        lock (_lock)
        {
            if (_early.Remove(worker, out var early))
            {
                early.Cancel.Cancel();
                early.Cancel.Dispose();
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
                if (_early.Remove(gone, out var early))
                {
                    early.Cancel.Cancel();
                    early.Cancel.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Logs the stacks of <paramref name="workers"/> (captured now, or since they were suspected), waiting at most
    /// <see cref="KillBound"/> from the call, then SIGKILLs each.
    /// </summary>
    internal async Task KillAsync(IReadOnlyList<WorkerProcess> workers, string why)
    {
        long decided = timeProvider.GetTimestamp();
        IStackCapture? tool = capture();
        var captures = new List<(WorkerProcess Worker, Task<string> Stacks)>();
        foreach (WorkerProcess worker in workers)
        {
            Task<string>? stacks = null;
            lock (_lock)
            {
                if (_early.Remove(worker, out var early))
                {
                    stacks = early.Stacks;
                    early.Cancel.Dispose();
                }
            }

            stacks ??= tool is null ? null : Start(tool, worker.Pid, CancellationToken.None);
            if (stacks is not null)
            {
                captures.Add((worker, stacks));
            }
        }

        if (captures.Count > 0)
        {
            // Every capture runs at once: one bound for all, not one per worker.
            await ((Task)Task.WhenAll(captures.Select(c => c.Stacks))).WaitAsync(KillBound, timeProvider)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach ((WorkerProcess worker, Task<string> stacks) in captures)
            {
                int id = worker.WorkerId ?? WorkerIdentity.SpareWorkerId;
                if (stacks.IsCompletedSuccessfully)
                {
                    logger.WorkerStacksBeforeKill(id, worker.Pid, why, stacks.Result);
                }
                else
                {
                    logger.WorkerStacksMissing(id, worker.Pid, stacks.IsCompleted
                        ? stacks.Exception?.InnerException?.Message ?? "cancelled"
                        : string.Create(CultureInfo.InvariantCulture, $"not captured within {KillBound.TotalMilliseconds:F0} ms"));
                }
            }
        }

        foreach (WorkerProcess worker in workers)
        {
            worker.Signal(SignalNumbers.SigKill);
            logger.HungWorkerKilled(worker.WorkerId ?? WorkerIdentity.SpareWorkerId, worker.Pid, (long)timeProvider.GetElapsedTime(decided).TotalMilliseconds);
        }
    }

    private static Task<string> Start(IStackCapture tool, int pid, CancellationToken cancellationToken)
    {
        // Off the caller's thread: starting a process blocks for a moment, and the watchdog's timer must not.
        Task<string> stacks = Task.Run(() => tool.CaptureAsync(pid, cancellationToken), CancellationToken.None);
        _ = stacks.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return stacks;
    }
}
