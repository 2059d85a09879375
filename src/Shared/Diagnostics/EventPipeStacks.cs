// One source file compiled into two assemblies (oslo-ctl and Oslo.Service.Backdoor): neither may reference the other
// — the tool must stay out of Oslo.Service's Native AOT surface, and TraceEvent is not AOT compatible — so the
// sampler is shared as source, not as a library.
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Stacks;

namespace Oslo.Service.Diagnostics;

/// <summary>
/// The managed stacks of every thread of a process, the way dotnet-stack reads them: a short EventPipe session with
/// the sample profiler on the process's diagnostics port (with rundown, for method names), then the first sample of
/// each thread, read with TraceEvent. Works on a hung process: the runtime's diagnostics server runs on its own thread.
/// </summary>
internal static class EventPipeStacks
{
    private static readonly EventPipeProvider[] s_providers =
        [new("Microsoft-DotNETCore-SampleProfiler", System.Diagnostics.Tracing.EventLevel.Informational)];

    /// <summary>Thread id (the OS thread id) → frames, innermost first.</summary>
    /// <param name="client">The process's diagnostics port.</param>
    /// <param name="sampleFor">How long the sample profiler runs: one sample per thread is all it takes.</param>
    /// <param name="fileLabel">Names the temporary trace files (tool and pid), for someone who finds one left over.</param>
    /// <param name="cancellationToken">Cancels the capture.</param>
    internal static async Task<IReadOnlyDictionary<int, IReadOnlyList<string>>> CaptureAsync(
        DiagnosticsClient client, TimeSpan sampleFor, string fileLabel, CancellationToken cancellationToken)
    {
        string nettrace = Path.Combine(Path.GetTempPath(), $"{fileLabel}-{Guid.NewGuid():N}.nettrace");
        string? etlx = null;
        try
        {
            using (EventPipeSession session = await client.StartEventPipeSessionAsync(s_providers, requestRundown: true, token: cancellationToken).ConfigureAwait(false))
            {
                var file = new FileStream(nettrace, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    Task copy = session.EventStream.CopyToAsync(file, cancellationToken);
                    await Task.Delay(sampleFor, cancellationToken).ConfigureAwait(false);
                    await session.StopAsync(cancellationToken).ConfigureAwait(false);
                    await copy.ConfigureAwait(false);
                }
            }

            etlx = TraceLog.CreateFromEventPipeDataFile(nettrace);
            return Read(etlx);
        }
        finally
        {
            File.Delete(nettrace);
            if (etlx is not null)
            {
                File.Delete(etlx);
            }
        }
    }

    private static Dictionary<int, IReadOnlyList<string>> Read(string etlx)
    {
        var stacks = new Dictionary<int, IReadOnlyList<string>>();

        // No symbol path: method names come from the rundown, and nothing here may reach a symbol server.
        using var symbols = new SymbolReader(TextWriter.Null) { SymbolPath = "" };
        using var log = new TraceLog(etlx);
        var source = new MutableTraceEventStackSource(log) { OnlyManagedCodeStacks = true };
        new SampleProfilerThreadTimeComputer(log, symbols).GenerateThreadTimeStacks(source);
        source.ForEach(sample =>
        {
            var frames = new List<string>();
            StackSourceCallStackIndex index = sample.StackIndex;
            string name;
            while (index != StackSourceCallStackIndex.Invalid
                && !(name = source.GetFrameName(source.GetFrameIndex(index), false)).StartsWith("Thread (", StringComparison.Ordinal))
            {
                frames.Add(name.Replace("UNMANAGED_CODE_TIME", "[Native Frames]", StringComparison.Ordinal));
                index = source.GetCallerIndex(index);
            }

            if (index == StackSourceCallStackIndex.Invalid)
            {
                return;
            }

            string thread = source.GetFrameName(source.GetFrameIndex(index), false);
            int close = thread.IndexOf(')', StringComparison.Ordinal);
            if (close > 8 && int.TryParse(thread.AsSpan(8, close - 8), out int threadId))
            {
                stacks.TryAdd(threadId, frames);
            }
        });
        return stacks;
    }
}
