namespace Oslo.Service.Extensions;

/// <summary>Which process of a launch an extension is started in.</summary>
public enum ProcessRole
{
    /// <summary>The only process: a <see cref="Launching.ServiceLauncher"/> (or a host running services in-process).</summary>
    SingleProcess,

    /// <summary>The parent (supervisor) of a process launcher: it runs no services, it watches the workers.</summary>
    Parent,

    /// <summary>A worker started by a process launcher.</summary>
    Worker,
}
