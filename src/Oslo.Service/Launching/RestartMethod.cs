namespace Oslo.Service.Launching;

/// <summary>What a launcher does on SIGHUP in a daemon (oslo's <c>restart_method</c>).</summary>
public enum RestartMethod
{
    /// <summary>
    /// oslo's <c>'reload'</c>: re-read every config file, stop the services, reset them and start them again.
    /// </summary>
    Reload,

    /// <summary>oslo's <c>'mutate'</c>: apply the mutable options of the config files and reset the services in place.</summary>
    Mutate,
}
