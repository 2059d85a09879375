using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Oslo.Service.AspNetCore.Tests;

/// <summary>
/// The test app started as a real process in its own session (<c>setsid</c>, so it is a daemon and its own process
/// group), from a temporary directory holding its appsettings.json. Collects its output lines, sends it real signals,
/// waits on lines and its exit with deadlines, and kills the whole group when disposed.
/// </summary>
internal sealed partial class AppProcess : IAsyncDisposable
{
    public const int SigKill = 9;
    public const int SigHup = 1;
    public const int SigTerm = 15;
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Task _readers;

    private AppProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
        _readers = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    /// <summary>The app's content root (appsettings.json lives here).</summary>
    public string Directory { get; }

    public int Pid => _process.Id;

    public string Transcript
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public int LineCount
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    public static async Task<AppProcess> StartAsync(object appsettings, IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        string directory = Path.Combine(Path.GetTempPath(), "oslo-aspnet-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        await WriteSettingsAsync(directory, appsettings);
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(AppPath());
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new AppProcess(Process.Start(start)!, directory);
    }

    public static Task WriteSettingsAsync(string directory, object appsettings) =>
        File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), JsonSerializer.Serialize(appsettings));

    public Task WriteSettingsAsync(object appsettings) => WriteSettingsAsync(Directory, appsettings);

    /// <summary>Waits for a line (at index <paramref name="from"/> or later) containing <paramref name="text"/>.</summary>
    public async Task<string> WaitForLineAsync(string text, int from = 0, TimeSpan? deadline = null) =>
        await WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), text, from, deadline);

    public async Task<string> WaitForLineAsync(Func<string, bool> match, string description, int from = 0, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? Deadline);
        while (true)
        {
            lock (_lines)
            {
                for (int i = from; i < _lines.Count; i++)
                {
                    if (match(_lines[i]))
                    {
                        return _lines[i];
                    }
                }
            }

            if (_process.HasExited && _readers.IsCompleted)
            {
                throw new InvalidOperationException($"The app exited ({_process.ExitCode}) before a line '{description}'. Transcript:\n{Transcript}");
            }

            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No line '{description}' within {deadline ?? Deadline}. Transcript:\n{Transcript}");
            }
        }
    }

    /// <summary>Every line (from <paramref name="from"/>) containing <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Lines(string text, int from = 0)
    {
        lock (_lines)
        {
            return [.. _lines.Skip(from).Where(line => line.Contains(text, StringComparison.Ordinal))];
        }
    }

    public void Signal(int signal) => Signal(_process.Id, signal);

    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? Deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The app did not exit within {deadline ?? Deadline}. Transcript:\n{Transcript}");
        }

        await _readers;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        // setsid execs in place: the app's pid is its process group, which holds every worker too.
        _ = Kill(-_process.Id, SigKill);
        try
        {
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string AppPath()
    {
        // tests/Oslo.Service.AspNetCore.Tests/bin/<Configuration>/net10.0/ → the test app's own output directory.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        string framework = here.Name;
        string configuration = here.Parent!.Name;
        DirectoryInfo tests = here.Parent.Parent!.Parent!.Parent!;
        return Path.Combine(tests.FullName, "Oslo.Service.AspNetCore.TestApp", "bin", configuration, framework, "Oslo.Service.AspNetCore.TestApp.dll");
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
