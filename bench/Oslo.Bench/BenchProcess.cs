using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Oslo.Bench;

/// <summary>What the process-driving scenarios share: running a command to its end, finding the repository, and
/// sending signals to the programs they start.</summary>
internal static class BenchProcess
{
    public const int SigHup = 1;
    public const int SigTerm = 15;

    /// <summary>Runs a command to its end; on failure, copies its output to stderr. Returns its exit code.</summary>
    public static async Task<int> RunToEndAsync(string fileName, string[] args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using ChildProcess child = ChildProcess.Start(info);
        Process process = child.Process;
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            Console.Error.Write(await output);
            Console.Error.Write(await error);
        }

        return process.ExitCode;
    }

    /// <summary>
    /// Runs the Python peer <c>bench/peers/<paramref name="script"/></c> under <c>/usr/bin/python3</c> and returns its
    /// <c>key=value</c> output lines, or null (with the reason on stderr) when the peer cannot run.
    /// </summary>
    public static Task<Dictionary<string, string>?> RunPythonPeerAsync(string scenario, string script, string[] args, CancellationToken cancellationToken)
    {
        const string python = "/usr/bin/python3";
        string path = Path.Combine(FindRepositoryRoot(), "bench", "peers", script);
        if (!File.Exists(path) || !File.Exists(python))
        {
            Console.Error.WriteLine($"{scenario}: oslo peer skipped: {(File.Exists(path) ? python : path)} not found");
            return Task.FromResult<Dictionary<string, string>?>(null);
        }

        return RunPeerAsync(scenario, script, python, [path, .. args], "is python3-oslo.service installed?", cancellationToken);
    }

    /// <summary>
    /// Runs a peer program to its end and returns its <c>key=value</c> output lines, or null (with the reason and its
    /// stderr on stderr) when it exits non-zero; <paramref name="peer"/> names it in that reason.
    /// </summary>
    public static async Task<Dictionary<string, string>?> RunPeerAsync(string scenario, string peer, string fileName, string[] args, string hint, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using ChildProcess child = ChildProcess.Start(info);
        Process process = child.Process;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"{scenario}: peer {peer} skipped: it exited with {process.ExitCode} ({hint})");
            Console.Error.WriteLine(await stderr);
            return null;
        }

        return (await stdout)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }

    /// <summary>The folder holding <c>OsloService.slnx</c>, above the bench program.</summary>
    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OsloService.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OsloService.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; throws when kill(2) fails.</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    // DllImport, not LibraryImport: the bench project does not allow unsafe code, and kill(2) needs no marshalling.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);
}
