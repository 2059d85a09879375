using System.Diagnostics;

namespace Oslo.Testing.Processes;

/// <summary>The exit code and output of a finished child process.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The command and its output, for assertion messages.</summary>
    public string Describe() => $"{Command}\nexit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    /// <summary>
    /// Runs <paramref name="fileName"/> to completion with a deadline; at the deadline the process (and only the
    /// processes it started) is killed and the test fails with what it printed so far.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // `dotnet test` runs us with MSBuild's variables set for its own build; a nested `dotnet pack` must not
        // inherit them (they point it at the outer SDK's build state).
        foreach (string name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.Ordinal))
            {
                start.Environment.Remove(name);
            }
        }

        foreach ((string name, string? value) in environment)
        {
            start.Environment[name] = value;
        }

        string command = fileName + " " + string.Join(' ', args);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{command} did not finish within {timeout}.\n--- stdout\n{await stdout}\n--- stderr\n{await stderr}");
        }

        return new ProcessResult(command, process.ExitCode, await stdout, await stderr);
    }
}
