using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Oslo.Service.ChaosTests.Infrastructure;

/// <summary>
/// A program under attack, started as a daemon in its own session (<c>setsid</c>: a new session and process group
/// whose id is its pid, so SIGHUP reloads). Its output (and its workers', which inherit it) is collected line by
/// line. Disposing SIGKILLs its process group and every worker pid it logged, by pid, and waits for it.
/// </summary>
internal sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private readonly Task _readers;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
        _readers = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    /// <summary>The test's temporary directory (config files, sockets); deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>The parent's pid, which is also its session and process group id.</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every line so far.</summary>
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

    public string Transcript => string.Join('\n', Lines);

    /// <param name="directory">The working directory (and where the test keeps its files).</param>
    /// <param name="dll">The program.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="umask">When set, the program starts with this umask (octal text, e.g. "000").</param>
    /// <param name="wrapper">When set, a command the program is started through (e.g. <c>setpriv</c> and its options).</param>
    public static ServiceProcess Start(string directory, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? umask = null, IReadOnlyList<string>? wrapper = null)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        string[] command = [.. wrapper ?? [], Repo.Dotnet, dll, .. args];
        if (umask is not null)
        {
            string quoted = string.Join(' ', command.Select(w => "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
            command = ["sh", "-c", $"umask {umask}; exec {quoted}"];
        }

        foreach (string arg in command)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (string variable in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "OSLO_SERVICE_WORKER", "OSLO_SERVICE_SOCKETS" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new ServiceProcess(Process.Start(info)!, directory);
    }

    public static string NewDirectory(string prefix) => System.IO.Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Sends a real signal to the parent.</summary>
    public void Signal(int signal) => Assert.True(Posix.Kill(Pid, signal) == 0, $"kill({Pid}, {signal}) failed");

    /// <summary>Waits until <paramref name="condition"/> holds over the lines so far; throws with the transcript otherwise.</summary>
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
            await Task.WhenAny(next, Task.Delay(Timeout.Infinite, cts.Token));
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Not true within {deadline}: {what}. Transcript:\n{Transcript}");
            }
        }
    }

    /// <summary>Waits for a line (at index <paramref name="skip"/> or later) containing <paramref name="text"/>; returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan deadline, int skip = 0)
    {
        await WaitUntilAsync(lines => lines.Skip(skip).Any(l => l.Contains(text, StringComparison.Ordinal)), $"a line containing '{text}'", deadline);
        return Lines.Skip(skip).First(l => l.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>Lines at index <paramref name="skip"/> or later containing <paramref name="text"/>.</summary>
    public IReadOnlyList<string> LinesWith(string text, int skip = 0) =>
        [.. Lines.Skip(skip).Where(l => l.Contains(text, StringComparison.Ordinal))];

    /// <summary>The worker processes the parent logged ("Started child PID (service S, worker K)"), in order.</summary>
    public IReadOnlyList<(int Pid, int WorkerId, int Line)> StartedChildren()
    {
        IReadOnlyList<string> lines = Lines;
        var started = new List<(int, int, int)>();
        for (int i = 0; i < lines.Count; i++)
        {
            Match m = StartedChildRegex().Match(lines[i]);
            if (m.Success)
            {
                started.Add((int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture), i));
            }
        }

        return started;
    }

    /// <summary>The parent's live (non-zombie) child processes, from /proc.</summary>
    public IReadOnlyList<int> LiveChildren() => [.. ProcFs.Children(Pid).Where(c => c.State is not ('Z' or 'X')).Select(c => c.Pid)];

    /// <summary>The parent's zombie children: exited, not yet reaped by it.</summary>
    public IReadOnlyList<int> ZombieChildren() => [.. ProcFs.Children(Pid).Where(c => c.State == 'Z').Select(c => c.Pid)];

    /// <summary>Waits for the parent to exit; returns its status.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(deadline);
            await _readers.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The parent did not exit within {deadline}. Transcript:\n{Transcript}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        // By pid only: the session's process group (the parent and its workers), then every worker it logged.
        _ = Posix.Kill(-Pid, Posix.SigKill);
        foreach ((int pid, _, _) in StartedChildren())
        {
            _ = Posix.Kill(pid, Posix.SigKill);
        }

        _ = Posix.Kill(Pid, Posix.SigKill);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                _lines.Add(line);
                _changed.TrySetResult();
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        lock (_lock)
        {
            _changed.TrySetResult();
        }
    }

    [GeneratedRegex(@"Started child (?<pid>\d+) \(service [^,]+, worker (?<id>-?\d+)\)")]
    private static partial Regex StartedChildRegex();
}
