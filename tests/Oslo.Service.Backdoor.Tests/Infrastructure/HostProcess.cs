using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Oslo.Service.Backdoor.Tests.Infrastructure;

/// <summary>
/// The backdoor test host started as a real child process with a config file; its stdout is the transcript.
/// Every wait has a deadline; disposing closes its stdin and kills it by PID if it does not stop.
/// </summary>
internal sealed partial class HostProcess : IAsyncDisposable
{
    internal static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _transcript = [];
    private readonly string _directory;
    private int _closedStreams;

    private HostProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    internal int Pid => _process.Id;

    internal string Directory => _directory;

    internal IReadOnlyList<string> Transcript
    {
        get
        {
            lock (_transcript)
            {
                return [.. _transcript];
            }
        }
    }

    /// <summary>Where the host's backdoor listens, from its ready line: a port (digits), a path, or "none".</summary>
    internal string Backdoor { get; private set; } = "none";

    internal int Port => int.Parse(Backdoor, System.Globalization.CultureInfo.InvariantCulture);

    internal static async Task<HostProcess> StartAsync(string config, IReadOnlyDictionary<string, string>? environment = null, bool waitReady = true)
    {
        string directory = Path.Combine(Path.GetTempPath(), "bdtest-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        string configFile = Path.Combine(directory, "host.conf");
        await File.WriteAllTextAsync(configFile, config.Replace("$DIR", directory, StringComparison.Ordinal));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostPath());
        start.ArgumentList.Add("--config-file");
        start.ArgumentList.Add(configFile);
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the backdoor test host.");
        var host = new HostProcess(process, directory);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (waitReady)
        {
            await host.WaitReadyAsync();
        }

        return host;
    }

    internal async Task WaitReadyAsync()
    {
        string ready = await WaitForLineAsync(l => l.StartsWith("ready ", StringComparison.Ordinal));
        Backdoor = ReadyLine().Match(ready).Groups[1].Value;
    }

    internal async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Deadline);
        foreach (string line in Transcript)
        {
            if (predicate(line))
            {
                return line;
            }
        }

        try
        {
            while (true)
            {
                string line = await _lines.Reader.ReadAsync(deadline.Token);
                if (predicate(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No matching line from the host within the deadline. Transcript:\n" + string.Join('\n', Transcript));
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The host exited without the expected line. Transcript:\n" + string.Join('\n', Transcript));
        }
    }

    internal async Task<int> WaitForExitAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>Asks the host to prove it still serves: it answers "alive ticks=N" with its service's heartbeat count.</summary>
    internal async Task<long> PingAsync()
    {
        int before = Transcript.Count(l => l.StartsWith("alive ", StringComparison.Ordinal));
        await _process.StandardInput.WriteLineAsync("alive");
        await _process.StandardInput.FlushAsync();
        string line = await WaitForLineAsync(l => l.StartsWith("alive ", StringComparison.Ordinal) && Transcript.Count(t => t.StartsWith("alive ", StringComparison.Ordinal)) > before);
        return long.Parse(line["alive ticks=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                System.IO.Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            // Both stdout and stderr closed: the host is gone.
            if (Interlocked.Increment(ref _closedStreams) == 2)
            {
                _lines.Writer.TryComplete();
            }

            return;
        }

        lock (_transcript)
        {
            _transcript.Add(line);
        }

        _lines.Writer.TryWrite(line);
    }

    private static string HostPath()
    {
        string own = AppContext.BaseDirectory;
        string path = own.Replace("Oslo.Service.Backdoor.Tests", "Oslo.Service.BackdoorHost", StringComparison.Ordinal);
        return Path.Combine(path, "Oslo.Service.BackdoorHost.dll");
    }

    [GeneratedRegex(@"backdoor=(\S+)")]
    private static partial Regex ReadyLine();
}
