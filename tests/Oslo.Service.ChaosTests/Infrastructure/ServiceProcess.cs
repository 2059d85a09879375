using System.Globalization;
using System.Text.RegularExpressions;

namespace Oslo.Service.ChaosTests.Infrastructure;

/// <summary>
/// A program under attack, started as a daemon in its own session (<c>setsid</c>: a new session and process group
/// whose id is its pid, so SIGHUP reloads), on the shared <see cref="ChildProcess"/>. Disposing SIGKILLs its process
/// group and every worker pid it logged, by pid, waits for it, and deletes its directory.
/// </summary>
internal sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly ChildProcess _child;

    private ServiceProcess(ChildProcess child, string directory)
    {
        _child = child;
        Directory = directory;
    }

    /// <summary>The test's temporary directory (config files, sockets); deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>The parent's pid, which is also its session and process group id.</summary>
    public int Pid => _child.Id;

    public bool HasExited => _child.HasExited;

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<string> Lines => _child.Lines;

    public string Transcript => _child.Transcript;

    /// <param name="directory">The working directory (and where the test keeps its files).</param>
    /// <param name="dll">The program.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="umask">When set, the program starts with this umask (octal text, e.g. "000").</param>
    /// <param name="wrapper">When set, a command the program is started through (e.g. <c>setpriv</c> and its options).</param>
    public static ServiceProcess Start(string directory, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? umask = null, IReadOnlyList<string>? wrapper = null)
    {
        string[] command = [.. wrapper ?? [], ChildProcess.Dotnet, dll, .. args];
        if (umask is not null)
        {
            command = ["sh", "-c", $"umask {umask}; exec {ChildProcess.ShellJoin(command)}"];
        }

        IEnumerable<KeyValuePair<string, string?>> variables = (environment ?? new Dictionary<string, string>())
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value));
        return new ServiceProcess(ChildProcess.Start(["setsid", .. command], directory, variables, redirectStdin: false), directory);
    }

    public static string NewDirectory(string prefix) => System.IO.Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Sends a real signal to the parent.</summary>
    public void Signal(int signal) => _child.Signal(Pid, signal);

    /// <summary>Waits until <paramref name="condition"/> holds over the lines so far; throws with the transcript otherwise.</summary>
    public Task WaitUntilAsync(Func<IReadOnlyList<string>, bool> condition, string what, TimeSpan deadline) =>
        _child.WaitUntilAsync(condition, what, deadline);

    /// <summary>Waits for a line (at index <paramref name="skip"/> or later) containing <paramref name="text"/>; returns it.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan deadline, int skip = 0) => _child.WaitForLineAsync(text, deadline, skip);

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
    public Task<int> WaitForExitAsync(TimeSpan deadline) => _child.WaitForExitAsync(deadline);

    public async ValueTask DisposeAsync()
    {
        await _child.DisposeAsync(StartedChildren().Select(c => c.Pid));
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"Started child (?<pid>\d+) \(service [^,]+, worker (?<id>-?\d+)\)")]
    private static partial Regex StartedChildRegex();
}
