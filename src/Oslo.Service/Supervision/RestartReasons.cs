namespace Oslo.Service.Supervision;

/// <summary>The values of <c>oslo.restart.reason</c> on <c>oslo.service.worker.restarts</c>: why a worker was replaced.</summary>
internal static class RestartReasons
{
    /// <summary>It exited on its own with a status.</summary>
    internal const string ExitCode = "exit_code";

    /// <summary>A signal killed it (not the parent's watchdog).</summary>
    internal const string Signal = "signal";

    /// <summary>The parent killed it for missing heartbeats.</summary>
    internal const string Hung = "hung";

    /// <summary>It died (or was killed by <c>boot_timeout</c>) before it reported ready.</summary>
    internal const string BootFailure = "boot_failure";

    /// <summary>It was replaced on purpose through the rolling path (<c>oslo-ctl recycle</c>).</summary>
    internal const string Recycle = "recycle";
}
