using System.Collections.Concurrent;
using System.Diagnostics;

namespace Oslo.Service.Coordination.Tests.Infrastructure;

/// <summary>
/// A store server started from its Debian package in a temp data dir on a free port; stopped (and the dir removed)
/// in <see cref="DisposeAsync"/>. Subclasses say how to prepare, start and probe it.
/// </summary>
internal abstract class ServerProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    protected ServerProcess(string name)
    {
        DataDir = Directory.CreateTempSubdirectory($"oslo-coord-{name}-").FullName;
        Port = FreePort.Next();
    }

    public string DataDir { get; }

    public int Port { get; }

    /// <summary>The server's output so far, for failure messages.</summary>
    public string Log => string.Join('\n', _log);

    /// <summary>The tooz backend_url of this server.</summary>
    public abstract string BackendUrl { get; }

    /// <summary>Starts the server and waits until it answers.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(Command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in Command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Command[0]}");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _log.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _log.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Command[0]} exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                await ProbeAsync();
                return;
            }
            catch (Exception) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Stops the server (its clean, fast shutdown) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            _ = Posix.Kill(process.Id, StopSignal);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            _ = Posix.Kill(process.Id, Posix.SigKill);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    protected abstract IReadOnlyList<string> Command { get; }

    protected virtual int StopSignal => Posix.SigTerm;

    protected abstract Task ProbeAsync();

    protected static async Task RunAsync(params string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
