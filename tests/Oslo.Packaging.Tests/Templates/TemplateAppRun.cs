using System.Diagnostics;
using System.Runtime.InteropServices;

using Oslo.Packaging.Tests.NativeAot;

namespace Oslo.Packaging.Tests.Templates;

/// <summary>
/// A generated project's built program, run as a user would run it as a daemon: in a session and process group of
/// its own (<c>setsid</c>, so the real signals the test sends reach only it), its output read line by line, waited on
/// with deadlines; disposing kills the whole process group, so no worker outlives the test.
/// </summary>
internal sealed class TemplateAppRun : IAsyncDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();

    private TemplateAppRun(Process process)
    {
        _process = process;
        _ = PumpAsync(process.StandardOutput);
        _ = PumpAsync(process.StandardError);
    }

    /// <summary>The program's pid, which is also its process group (setsid execs in place).</summary>
    public int Pid => _process.Id;

    /// <summary>Every line the program and its workers wrote so far.</summary>
    public string Transcript
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Starts <paramref name="program"/> in <paramref name="workingDirectory"/>.</summary>
    public static TemplateAppRun Start(string program, IReadOnlyList<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (string arg in (string[])[program, .. args])
        {
            info.ArgumentList.Add(arg);
        }

        // Not a child of a systemd unit or of an oslo launcher, whatever ran the tests.
        foreach (string variable in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "OSLO_SERVICE_WORKER", "OSLO_SERVICE_SOCKETS", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS" })
        {
            info.Environment.Remove(variable);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new TemplateAppRun(Process.Start(info)!);
    }

    /// <summary>The lines written so far.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_lock)
        {
            return [.. _lines];
        }
    }

    /// <summary>Waits for <paramref name="condition"/>, checking every 20 ms; fails with the transcript at the deadline.</summary>
    public Task WaitForAsync(Func<bool> condition, string what) => WaitForAsync(() => Task.FromResult(condition()), what);

    /// <summary>Waits for <paramref name="condition"/>, checking every 20 ms; fails with the transcript at the deadline.</summary>
    public async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > s_deadline)
            {
                throw new TimeoutException($"Not true within {s_deadline}: {what}. Transcript:\n{Transcript}");
            }

            if (_process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"The program exited ({_process.ExitCode}) while waiting for: {what}. Transcript:\n{Transcript}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Sends <paramref name="signal"/> to the program.</summary>
    public void Signal(int signal) =>
        Assert.True(Posix.Kill(Pid, signal) == 0, $"kill({Pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}\n{Transcript}");

    /// <summary>Waits for the program to exit; returns its status.</summary>
    public async Task<int> WaitForExitAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(s_deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The program did not exit within {s_deadline}. Transcript:\n{Transcript}");
        }

        return _process.ExitCode;
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The whole group: the program and every worker it started (they stay in its process group).
        _ = Posix.Kill(-Pid, Posix.SigKill);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                _lines.Add(line);
            }
        }
    }
}
