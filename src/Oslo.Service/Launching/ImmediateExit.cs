namespace Oslo.Service.Launching;

/// <summary>Why the launcher loop ends at once, without waiting for the services to stop.</summary>
internal enum ImmediateExit
{
    /// <summary>SIGINT: oslo's "Caught SIGINT signal, instantaneous exiting".</summary>
    Sigint,

    /// <summary>A second SIGTERM while a graceful stop was running.</summary>
    SecondSigterm,

    /// <summary><c>graceful_shutdown_timeout</c> passed during a graceful stop.</summary>
    GracefulTimeout,
}
