namespace Oslo.Service.Supervision;

/// <summary>
/// How a worker process ended, decoded from the raw <c>waitpid</c> status: exited with a status, or killed by a
/// signal. .NET's <c>Process.ExitCode</c> folds a signal into 128 + N, which a worker calling <c>exit(137)</c>
/// also produces; oslo logs the two differently, so the parent reaps its workers itself.
/// </summary>
/// <param name="ExitCode">The exit status when the process exited; null when a signal killed it.</param>
/// <param name="Signal">The signal that killed it; null when it exited.</param>
internal readonly record struct ChildExit(int? ExitCode, int? Signal)
{
    /// <summary>A child someone else reaped: its status is unknown.</summary>
    internal static ChildExit Unknown { get; } = new(-1, null);

    /// <summary>True when a signal ended the process.</summary>
    internal bool Killed => Signal is not null;

    /// <summary>Decodes a raw wait status (<c>WIFEXITED</c> / <c>WEXITSTATUS</c> / <c>WTERMSIG</c>).</summary>
    internal static ChildExit FromWaitStatus(int status)
    {
        int termSignal = status & 0x7f;
        return termSignal == 0
            ? new ChildExit((status >> 8) & 0xff, null)
            : new ChildExit(null, termSignal);
    }

    /// <inheritdoc/>
    public override string ToString() => Signal is { } signal ? $"killed by signal {signal}" : $"exited with status {ExitCode}";
}
