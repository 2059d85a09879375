using Microsoft.Diagnostics.NETCore.Client;

namespace Oslo.Service.Ctl;

/// <summary>
/// <c>oslo-ctl dump --pid PID --output FILE</c>: a dump of a .NET process through its diagnostics port (the runtime
/// runs its own <c>createdump</c>), as <c>dotnet-dump collect --type Mini</c> writes it.
/// </summary>
/// <remarks>
/// <para>A mini dump (<see cref="DumpType.Normal"/>: every thread with its stack memory, registers and the loaded
/// modules) and not one with the heap: the parent runs this for a hung worker and kills the worker at most 0.6 s after
/// it decided to, so the dump must be as quick as it can be. A mini dump's size does not grow with the GC heap (about
/// 10 MiB for a 50 MiB worker, about a second to write on a loaded machine); a <see cref="DumpType.WithHeap"/> dump adds
/// the whole heap and its time. Stacks are what a hung worker's post-mortem needs (<c>dotnet-dump analyze</c>:
/// <c>clrstack -all</c>).</para>
/// <para>The file is created here, mode 0600, before the runtime's <c>createdump</c> writes into it: a dump holds the
/// process's memory (secrets included), and older runtimes create it 0664. Its directory is created 0700 when missing.</para>
/// </remarks>
internal static class WorkerDump
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    internal static async Task<int> WriteAsync(int pid, string path, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                CreateOwnerOnly(full);
            }

            await new DiagnosticsClient(pid).WriteDumpAsync(DumpType.Normal, full, WriteDumpFlags.None, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(full, OwnerOnly);
            }
        }
        catch (Exception exception) when (exception is ServerNotAvailableException or ServerErrorException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            await error.WriteLineAsync($"oslo-ctl: cannot write a dump of pid {pid} to {full}: {exception.Message}").ConfigureAwait(false);
            return 1;
        }

        await output.WriteLineAsync($"{full}: {new FileInfo(full).Length} bytes").ConfigureAwait(false);
        return 0;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CreateOwnerOnly(string path)
    {
        string directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            _ = Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        {
        }
    }
}
