using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Oslo.Service.Coordination.Tests.Infrastructure;

/// <summary>
/// One replica: the coordination test host started through <c>setsid</c> (its own session and process group, whose
/// id is its pid), with its stdout and stderr lines timestamped on the test's monotonic clock. Disposing kills the
/// whole group, workers included.
/// </summary>
internal sealed class Replica : IAsyncDisposable
{
    private static readonly string s_host = Path.Combine(AppContext.BaseDirectory, "Oslo.Service.Coordination.TestHost.dll");
    private readonly Process _process;
    private readonly ConcurrentQueue<Line> _lines = new();

    private Replica(Process process, string name)
    {
        _process = process;
        Name = name;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The pid of the replica's main process, which is also its process group id.</summary>
    public int Pid => _process.Id;

    public string Name { get; }

    public IReadOnlyList<Line> Lines => [.. _lines];

    public string Transcript => string.Join('\n', _lines.Select(l => $"[{Name} +{l.At.TotalSeconds:F2}s] {l.Text}"));

    public static Replica Start(string name, string mode, string configFile, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])["dotnet", s_host, mode, "--config-file", configFile])
        {
            info.ArgumentList.Add(arg);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new Replica(Process.Start(info)!, name);
    }

    /// <summary>Sends a signal to the replica's whole process group (the launcher and its workers).</summary>
    public void SignalGroup(int signal) => _ = Posix.Kill(-Pid, signal);

    public async ValueTask DisposeAsync()
    {
        SignalGroup(Posix.SigCont);
        SignalGroup(Posix.SigKill);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void Add(string? text)
    {
        if (text is not null)
        {
            _lines.Enqueue(new Line(TestClock.Now, text));
        }
    }

    public sealed record Line(TimeSpan At, string Text)
    {
        /// <summary>The integer after <c>name=</c> in the line, if any.</summary>
        public long? Field(string name)
        {
            int at = Text.IndexOf(name + "=", StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            ReadOnlySpan<char> rest = Text.AsSpan(at + name.Length + 1);
            int end = 0;
            while (end < rest.Length && char.IsAsciiDigit(rest[end]))
            {
                end++;
            }

            return long.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : null;
        }
    }
}

internal static class TestClock
{
    private static readonly long s_origin = Stopwatch.GetTimestamp();

    public static TimeSpan Now => Stopwatch.GetElapsedTime(s_origin);
}
