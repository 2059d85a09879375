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

        using Process process = Process.Start(info)!;
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
