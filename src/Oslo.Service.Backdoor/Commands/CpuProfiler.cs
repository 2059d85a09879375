using System.Globalization;

using Microsoft.Diagnostics.NETCore.Client;

namespace Oslo.Service.Backdoor.Commands;

/// <summary>
/// oslo's <c>prof()</c> / <c>prof('name')</c>: one CPU profile at a time for the process, recorded through the
/// runtime's diagnostics port (an EventPipe session with the sample profiler) and written as a <c>.nettrace</c>
/// file that PerfView, Visual Studio, <c>dotnet-trace convert</c> or speedscope open.
/// </summary>
internal sealed class CpuProfiler(string directory) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private EventPipeSession? _session;
    private Task? _copy;
    private string? _partial;
    private DateTimeOffset _startedAt;

    internal bool IsRunning => Volatile.Read(ref _session) is not null;

    internal async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_session is not null)
            {
                return $"A profile is already running since {_startedAt:HH:mm:ss}; stop it with: prof stop [name]";
            }

            // The profile holds stack frames (names, sometimes values) of the service: its owner's only, as the
            // directory when we create it. /tmp is shared, so the file's mode must not come from the umask.
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            _partial = Path.Combine(directory, $".backdoor-{Environment.ProcessId}-{Guid.NewGuid():N}.nettrace.partial");
            EventPipeSession session = await Diagnostics.Self()
                .StartEventPipeSessionAsync(Diagnostics.CpuSamplingProviders, requestRundown: true, token: cancellationToken)
                .ConfigureAwait(false);
            var create = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.Read,
                BufferSize = 1 << 16,
                Options = FileOptions.Asynchronous,
            };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var file = new FileStream(_partial, create);
            _copy = CopyAsync(session, file);
            _session = session;
            _startedAt = DateTimeOffset.Now;
            return "Profiling started (CPU samples); stop with: prof stop [name]";
        }
        finally
        {
            _gate.Release();
        }
    }

    internal async Task<string> StopAsync(string? name, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_session is not { } session)
            {
                return "No profile is running; start one with: prof start";
            }

            _session = null;
            await session.StopAsync(cancellationToken).ConfigureAwait(false);
            await _copy!.ConfigureAwait(false);
            session.Dispose();
            string fileName = string.IsNullOrWhiteSpace(name)
                ? string.Create(CultureInfo.InvariantCulture, $"backdoor-{Environment.ProcessId}-{_startedAt:yyyyMMdd-HHmmss}")
                : Path.GetFileName(name.Trim());
            string target = Path.Combine(directory, fileName.EndsWith(".nettrace", StringComparison.Ordinal) ? fileName : fileName + ".nettrace");
            File.Move(_partial!, target, overwrite: true);
            long bytes = new FileInfo(target).Length;
            return string.Create(CultureInfo.InvariantCulture, $"Profile written to {target} ({bytes} bytes, {(DateTimeOffset.Now - _startedAt).TotalSeconds:F1} s)");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _session, null) is { } session)
        {
            try
            {
                await session.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await _copy!.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or ServerNotAvailableException or TimeoutException or ObjectDisposedException)
            {
                // The process is going away; the partial file is all that is left of the profile.
            }

            session.Dispose();
            File.Delete(_partial!);
        }

        _gate.Dispose();
    }

    private static async Task CopyAsync(EventPipeSession session, FileStream file)
    {
        await using (file.ConfigureAwait(false))
        {
            await session.EventStream.CopyToAsync(file).ConfigureAwait(false);
        }
    }
}
