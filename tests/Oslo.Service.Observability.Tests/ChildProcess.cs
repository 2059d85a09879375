using Shared = Oslo.Testing.Processes;

namespace Oslo.Service.Observability.Tests;

/// <summary>
/// A program started as a real child process in its own session (<c>setsid</c>: a daemon, its pid is its process
/// group), on the shared harness (<see cref="Shared.ChildProcess"/>); disposing SIGKILLs the whole group so nothing
/// outlives the test.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    internal static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly Shared.ChildProcess _child;

    private ChildProcess(Shared.ChildProcess child) => _child = child;

    internal int Pid => _child.Id;

    internal string Transcript => _child.Transcript;

    /// <summary>Starts <c>dotnet DLL ARGS</c> via <c>setsid</c>.</summary>
    internal static ChildProcess StartDotnet(string dll, IEnumerable<string> args) => Start(Shared.ChildProcess.Dotnet, [dll, .. args]);

    /// <summary>Starts <c>PROGRAM ARGS</c> via <c>setsid</c>.</summary>
    internal static ChildProcess Start(string program, IEnumerable<string> args) =>
        new(Shared.ChildProcess.Start(["setsid", program, .. args], redirectStdin: false));

    internal void Signal(int signal) => _ = Shared.Posix.Kill(_child.Id, signal);

    internal static void SignalPid(int pid, int signal) => _ = Shared.Posix.Kill(pid, signal);

    /// <summary>Waits for a line containing <paramref name="text"/>.</summary>
    internal Task<string> WaitForLineAsync(string text) => _child.WaitForLineAsync(text, Deadline);

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
