namespace Oslo.Service.Supervision;

/// <summary>
/// How to start this same program again: <see cref="Environment.ProcessPath"/> with the original arguments. Under
/// <c>dotnet app.dll</c> the process path is the dotnet host and the app's .dll must be passed again; on Linux
/// <c>/proc/self/cmdline</c> gives the exact original argv (host options such as <c>dotnet exec --runtimeconfig</c>
/// included), elsewhere <see cref="Environment.GetCommandLineArgs"/> does.
/// </summary>
internal static class WorkerCommandLine
{
    /// <summary>The executable and arguments of a worker of this process.</summary>
    internal static (string FileName, IReadOnlyList<string> Arguments) Current()
    {
        string processPath = Environment.ProcessPath
            ?? throw new InvalidOperationException("Cannot start worker processes: the path of the running program is unknown (Environment.ProcessPath is null).");
        IReadOnlyList<string>? procCmdline = null;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                string raw = File.ReadAllText("/proc/self/cmdline");
                procCmdline = raw.TrimEnd('\0').Split('\0');
            }
            catch (IOException)
            {
                procCmdline = null;
            }
            catch (UnauthorizedAccessException)
            {
                procCmdline = null;
            }
        }

        return (processPath, Arguments(processPath, procCmdline, Environment.GetCommandLineArgs()));
    }

    /// <summary>
    /// Pure choice of the arguments: everything after argv[0] of <paramref name="procCmdline"/> when known; else the
    /// command-line arguments, keeping the first (the app's .dll) when the process is the dotnet host.
    /// </summary>
    internal static IReadOnlyList<string> Arguments(string processPath, IReadOnlyList<string>? procCmdline, IReadOnlyList<string> commandLineArgs)
    {
        if (procCmdline is { Count: > 0 })
        {
            return [.. procCmdline.Skip(1)];
        }

        bool isDotnetHost = string.Equals(Path.GetFileNameWithoutExtension(processPath), "dotnet", StringComparison.OrdinalIgnoreCase);
        return isDotnetHost ? [.. commandLineArgs] : [.. commandLineArgs.Skip(1)];
    }
}
