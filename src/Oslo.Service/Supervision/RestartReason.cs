namespace Oslo.Service.Supervision;

/// <summary>Why a restart waits.</summary>
internal enum RestartReason
{
    /// <summary>It does not wait.</summary>
    None,

    /// <summary>oslo's "Forking too fast, sleeping".</summary>
    ForkingTooFast,

    /// <summary>More than <c>restart_intensity</c> restarts in <c>restart_period</c>.</summary>
    IntensityExceeded,

    /// <summary>Workers keep dying before they are ready.</summary>
    BootFailure,
}
