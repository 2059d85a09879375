using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Oslo.Service.Observability.Tests;

/// <summary>
/// A program started as a real child process in its own session (<c>setsid</c>: a daemon, its pid is its process
/// group), its output lines collected; disposing SIGKILLs the whole group so nothing outlives the test.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    internal static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ChildProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    internal int Pid => _process.Id;

    internal string Transcript => string.Join('\n', _lines);

    /// <summary>Starts <c>dotnet DLL ARGS</c> via <c>setsid</c>.</summary>
    internal static ChildProcess StartDotnet(string dll, IEnumerable<string> args) => Start("dotnet", [dll, .. args]);

    /// <summary>Starts <c>PROGRAM ARGS</c> via <c>setsid</c>.</summary>
    internal static ChildProcess Start(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(program);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new ChildProcess(Process.Start(start)!);
    }

    internal void Signal(int signal) => _ = Kill(_process.Id, signal);

    internal static void SignalPid(int pid, int signal) => _ = Kill(pid, signal);

    /// <summary>Waits for a line containing <paramref name="text"/>.</summary>
    internal Task<string> WaitForLineAsync(string text) => Eventually.ValueAsync(
        () => _lines.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal)), $"a line with '{text}'", () => Transcript);

    public async ValueTask DisposeAsync()
    {
        _ = Kill(-_process.Id, 9);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // Reported by the test that follows, if it matters.
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
