using System.Diagnostics.Tracing;

using Microsoft.Diagnostics.NETCore.Client;

namespace Oslo.Service.Backdoor.Commands;

/// <summary>The runtime's diagnostics port of this very process (what dotnet-trace and dotnet-stack connect to).</summary>
internal static class Diagnostics
{
    /// <summary>The CPU sampling providers of dotnet-trace's <c>cpu-sampling</c> profile.</summary>
    internal static IReadOnlyList<EventPipeProvider> CpuSamplingProviders { get; } =
    [
        new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
        new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, 0x14C14FCCBD),
    ];

    /// <summary>A client for this process's own diagnostics port.</summary>
    internal static DiagnosticsClient Self() => new(Environment.ProcessId);
}
