namespace Oslo.Packaging.Tests.Templates;

/// <summary>
/// A generated project's built program, run as a user would run it as a daemon: in a session and process group of
/// its own (<c>setsid</c>, so the real signals the test sends reach only it), on the shared <see cref="ChildProcess"/>;
/// disposing kills the whole process group, so no worker outlives the test.
/// </summary>
internal sealed class TemplateAppRun : IAsyncDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _child;

    private TemplateAppRun(ChildProcess child) => _child = child;

    /// <summary>The program's pid, which is also its process group (setsid execs in place).</summary>
    public int Pid => _child.Id;

    /// <summary>Every line the program and its workers wrote so far.</summary>
    public string Transcript => _child.Transcript;

    /// <summary>Starts <paramref name="program"/> in <paramref name="workingDirectory"/>.</summary>
    public static TemplateAppRun Start(string program, IReadOnlyList<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // Not a child of a systemd unit or of an oslo launcher (ChildProcess scrubs those), nor told where to listen.
        var variables = new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = null, ["ASPNETCORE_HTTP_PORTS"] = null };
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        return new TemplateAppRun(ChildProcess.Start(["setsid", program, .. args], workingDirectory, variables));
    }

    /// <summary>The lines written so far.</summary>
    public IReadOnlyList<string> Lines() => _child.Lines;

    /// <summary>Waits for <paramref name="condition"/>, checking every 20 ms; fails with the transcript at the deadline or when the program exits.</summary>
    public Task WaitForAsync(Func<bool> condition, string what) => _child.WaitForAsync(condition, what, s_deadline, failOnExit: true);

    /// <summary>Waits for <paramref name="condition"/>, checking every 20 ms; fails with the transcript at the deadline or when the program exits.</summary>
    public Task WaitForAsync(Func<Task<bool>> condition, string what) => _child.WaitForAsync(condition, what, s_deadline, failOnExit: true);

    /// <summary>Sends <paramref name="signal"/> to the program.</summary>
    public void Signal(int signal) => _child.Signal(Pid, signal);

    /// <summary>Waits for the program to exit; returns its status.</summary>
    public Task<int> WaitForExitAsync() => _child.WaitForExitAsync(s_deadline);

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => ProcFs.IsAlive(pid);

    /// <summary>Kills the whole group: the program and every worker it started (they stay in its process group).</summary>
    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
