using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Oslo.Testing.Processes;

/// <summary>
/// A real program a process test started: its stdout and stderr (and its workers', which inherit them) collected line
/// by line, waited on with deadlines that fail with the whole transcript, sent real signals by pid. Disposing
/// SIGKILLs, by pid only, its process group when it leads one (started through <c>setsid</c>), every other pid the
/// owner names (workers it logged), then the started process itself, and waits for it.
/// </summary>
/// <remarks>
/// The one harness the functional, chaos and packaging tests build their program-specific wrappers on (the test host,
/// the WorkerHost, HelloApi, a template's app), so waiting, killing and reaping are written, and fixed, once.
/// </remarks>
public sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>
    /// Variables the runner's own environment must not leak into a child: systemd's notify, watchdog and socket
    /// hand-over, and an oslo launcher's worker markers (when the tests themselves run under one).
    /// </summary>
    public static readonly IReadOnlyList<string> ScrubbedVariables =
        ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "OSLO_SERVICE_WORKER", "OSLO_SERVICE_SOCKETS"];

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private readonly Task _readers;
    private readonly bool _leadsGroup;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, bool leadsGroup)
    {
        _process = process;
        _leadsGroup = leadsGroup;
        _readers = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    /// <summary>The dotnet host running the tests, so children run on the same runtime.</summary>
    public static string Dotnet => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>The started process's pid (with <c>setsid</c>, which execs in place, the program's own pid and group).</summary>
    public int Id => _process.Id;

    /// <summary>True once the started process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its exit status (valid once <see cref="HasExited"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Every line so far, stdout and stderr interleaved as they arrived.</summary>
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

    /// <summary>Every line so far, one string, for failure messages.</summary>
    public string Transcript => string.Join('\n', Lines);

    /// <summary>
    /// Starts <paramref name="command"/> (its first word is the program) with stdout and stderr redirected, the
    /// <see cref="ScrubbedVariables"/> removed, then <paramref name="environment"/> applied (a null value removes).
    /// </summary>
    /// <param name="command">The program and its arguments, e.g. <c>["setsid", dotnet, dll, "--config-file", f]</c>.</param>
    /// <param name="workingDirectory">Its working directory; the runner's when null.</param>
    /// <param name="environment">Variables to set (or, with a null value, remove).</param>
    /// <param name="leadsGroup">
    /// The started process leads a process group of its own (<c>setsid</c>), so disposing may SIGKILL the group;
    /// when false only pids are killed.
    /// </param>
    /// <param name="redirectStdin">Give it a pipe as stdin (kept open, never written); when false it inherits the runner's.</param>
    public static ChildProcess Start(IReadOnlyList<string> command, string? workingDirectory = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null, bool leadsGroup = true, bool redirectStdin = true)
    {
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (string arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (string variable in ScrubbedVariables)
        {
            info.Environment.Remove(variable);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach ((string key, string? value) in environment ?? [])
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}"), leadsGroup);
    }

    /// <summary>Single-quotes every word for <c>sh -c</c>.</summary>
    public static string ShellJoin(IEnumerable<string> words) =>
        string.Join(' ', words.Select(w => "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    /// <summary>How many lines so far contain <paramref name="text"/>.</summary>
    public int Count(string text) => Lines.Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; fails with errno and the transcript.</summary>
    public void Signal(int pid, int signal)
    {
        if (Posix.Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}\n{Transcript}");
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds over all the lines so far; re-checked on every new line (and,
    /// once the output has ended, every 20 ms, for conditions that also look outside the transcript).
    /// </summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<string>, bool> condition, string what, TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
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

            Task next = changed.IsCompleted ? Task.Delay(20, CancellationToken.None) : changed;
            await Task.WhenAny(next, Task.Delay(Timeout.Infinite, cts.Token)).ConfigureAwait(false);
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Not true within {deadline}: {what} (exited: {_process.HasExited}). Transcript:\n{Transcript}");
            }
        }
    }

    /// <summary>
    /// Waits for a condition outside the transcript (client counters, /proc, HTTP), checking every 20 ms; fails with
    /// the transcript at the deadline, or at once when <paramref name="failOnExit"/> and the program has exited.
    /// </summary>
    public async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan deadline, bool failOnExit = false)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (watch.Elapsed > deadline)
            {
                throw new TimeoutException($"Not true within {deadline}: {what}. Transcript:\n{Transcript}");
            }

            if (failOnExit && _process.HasExited)
            {
                throw new InvalidOperationException($"The program exited ({_process.ExitCode}) while waiting for: {what}. Transcript:\n{Transcript}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for a condition outside the transcript, checking every 20 ms (see the async overload).</summary>
    public Task WaitForAsync(Func<bool> condition, string what, TimeSpan deadline, bool failOnExit = false) =>
        WaitForAsync(() => Task.FromResult(condition()), what, deadline, failOnExit);

    /// <summary>Waits for a line at index <paramref name="skip"/> or later matching <paramref name="match"/>; returns the first, with its index.</summary>
    public async Task<(string Line, int Index)> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan deadline, int skip = 0)
    {
        (string, int)? found = null;
        await WaitUntilAsync(lines =>
        {
            for (int i = skip; i < lines.Count; i++)
            {
                if (match(lines[i]))
                {
                    found = (lines[i], i);
                    return true;
                }
            }

            return false;
        }, what, deadline).ConfigureAwait(false);
        return found!.Value;
    }

    /// <summary>Waits for a line at index <paramref name="skip"/> or later containing <paramref name="text"/>; returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan deadline, int skip = 0) =>
        (await WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), $"a line containing '{text}'", deadline, skip).ConfigureAwait(false)).Line;

    /// <summary>Waits for the started process to exit (and its output to end); returns its status.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(deadline).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The program did not exit within {deadline}. Transcript:\n{Transcript}");
        }

        // Workers that outlive the parent keep the pipes open; their output is not waited for past 5 s.
        await Task.WhenAny(_readers, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <inheritdoc cref="DisposeAsync()"/>
    /// <param name="alsoKill">Further pids to SIGKILL (e.g. every worker the program logged).</param>
    public async ValueTask DisposeAsync(IEnumerable<int> alsoKill)
    {
        // By pid only: the group the program leads (it and the workers that stayed in it), the pids named, itself.
        if (_leadsGroup)
        {
            _ = Posix.Kill(-_process.Id, Posix.SigKill);
        }

        foreach (int pid in alsoKill)
        {
            _ = Posix.Kill(pid, Posix.SigKill);
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>SIGKILLs the program's group and the program, and waits for it.</summary>
    public ValueTask DisposeAsync() => DisposeAsync([]);

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_lock)
            {
                _lines.Add(line.TrimEnd('\r'));
                _changed.TrySetResult();
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        lock (_lock)
        {
            _changed.TrySetResult();
        }
    }
}
