using System.Globalization;
using System.Text.RegularExpressions;

namespace Oslo.Service.FunctionalTests.Infrastructure;

/// <summary>
/// The test host started as a real child process: in its own session (<c>setsid</c>, so it is a daemon), or in the
/// foreground of a pseudo-terminal (<c>script</c>). Built on the shared <see cref="ChildProcess"/>; each wait for a
/// line consumes the lines up to the one matched, so consecutive waits see the output in order.
/// </summary>
internal sealed partial class TestHostProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    private readonly ChildProcess _child;
    private int _next;

    private TestHostProcess(ChildProcess child) => _child = child;

    /// <summary>The test host's pid, from its first line.</summary>
    public int Pid { get; private set; }

    /// <summary>The test host's process group, from its first line.</summary>
    public int ProcessGroup { get; private set; }

    /// <summary>Every line so far, stdout and stderr.</summary>
    public string Transcript => _child.Transcript;

    /// <summary>Starts the test host in a new session via <c>setsid</c>: no controlling terminal, a daemon.</summary>
    public static Task<TestHostProcess> StartDaemonAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        StartAsync(["setsid", .. TestHostCommand(), .. args], environment);

    /// <summary>
    /// Starts the test host through <c>sh</c> with the given dispositions ignored first (<c>trap '' INT</c>), in a
    /// new session: what a background job of a non-interactive shell or <c>nohup</c> inherits.
    /// </summary>
    public static Task<TestHostProcess> StartDaemonWithIgnoredSignalsAsync(string ignoredSignals, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        StartAsync(["setsid", "sh", "-c", $"trap '' {ignoredSignals}; exec {ChildProcess.ShellJoin([.. TestHostCommand(), .. args])}"], environment);

    /// <summary>
    /// Starts another program built next to the tests (e.g. the FooService sample) in a new session via
    /// <c>setsid</c>. <c>setsid</c> execs in place (the child of <c>Process.Start</c> is no group leader), so the
    /// program's pid and process group are the started process's id.
    /// </summary>
    public static Task<TestHostProcess> StartProgramDaemonAsync(string assemblyName, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        StartAsync(["setsid", .. DotnetCommand(assemblyName), .. args], environment, announces: false);

    /// <summary>Starts the test host in the foreground process group of a new pseudo-terminal (<c>script</c>).</summary>
    public static Task<TestHostProcess> StartInTerminalForegroundAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        StartAsync(["script", "-qfec", "exec " + ChildProcess.ShellJoin([.. TestHostCommand(), .. args]), "/dev/null"], environment, leadsGroup: false);

    /// <summary>Sends a real signal to the test host.</summary>
    public void Signal(int signal) => _child.Signal(Pid, signal);

    /// <summary>Waits for the next line (after the ones already matched) that satisfies <paramref name="match"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? deadline = null, string? what = null)
    {
        try
        {
            (string line, int index) = await _child.WaitForLineAsync(match, what ?? "matching", deadline ?? DefaultDeadline, _next);
            _next = index + 1;
            return line;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No line {what ?? "matching"} before the deadline (exited: {_child.HasExited}). Transcript:\n{Transcript}");
        }
    }

    /// <summary>Waits for a line containing <paramref name="text"/>.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan? deadline = null) =>
        WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), deadline, $"containing '{text}'");

    /// <summary>Waits for the process to exit and returns its status.</summary>
    public Task<int> WaitForExitAsync(TimeSpan? deadline = null) => _child.WaitForExitAsync(deadline ?? DefaultDeadline);

    /// <summary>Kills the test host's whole process group (and the launcher process, e.g. <c>script</c>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (ProcessGroup > 0)
        {
            _ = Posix.Kill(-ProcessGroup, Posix.SigKill);
        }

        await _child.DisposeAsync();
    }

    private static async Task<TestHostProcess> StartAsync(string[] command, IReadOnlyDictionary<string, string?>? environment, bool announces = true, bool leadsGroup = true)
    {
        var host = new TestHostProcess(ChildProcess.Start(command, environment: environment, leadsGroup: leadsGroup));
        if (!announces)
        {
            host.Pid = host._child.Id;
            host.ProcessGroup = host._child.Id;
            return host;
        }

        try
        {
            string first = await host.WaitForLineAsync(line => line.Contains("testhost pid=", StringComparison.Ordinal), what: "announcing the pid");
            Match match = AnnounceLine().Match(first);
            host.Pid = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
            host.ProcessGroup = int.Parse(match.Groups["pgid"].Value, CultureInfo.InvariantCulture);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static string[] TestHostCommand() => DotnetCommand("Oslo.Service.TestHost");

    private static string[] DotnetCommand(string assemblyName)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        return File.Exists(dll) ? [ChildProcess.Dotnet, dll] : throw new FileNotFoundException($"{assemblyName} was not built next to the tests.", dll);
    }

    [GeneratedRegex(@"pid=(?<pid>\d+) pgid=(?<pgid>\d+)")]
    private static partial Regex AnnounceLine();
}
