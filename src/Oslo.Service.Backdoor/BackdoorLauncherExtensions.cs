using Oslo.Service.Launching;

namespace Oslo.Service.Backdoor;

/// <summary>The one visible call that enables the debug console in an application.</summary>
public static class BackdoorLauncherExtensions
{
    /// <summary>
    /// Enables the debug console: from now on the launcher starts it in each process it runs (each worker of a
    /// process launcher) when <c>backdoor_port</c> or <c>backdoor_socket</c> is set. Call it before
    /// <see cref="Launcher.WaitAsync"/>. Without this call those options only produce a warning.
    /// </summary>
    /// <param name="launcher">The launcher.</param>
    /// <param name="options">Token, profile directory and limits; defaults when null.</param>
    /// <returns>The launcher, for chaining.</returns>
    public static TLauncher UseBackdoor<TLauncher>(this TLauncher launcher, BackdoorOptions? options = null)
        where TLauncher : Launcher
    {
        ArgumentNullException.ThrowIfNull(launcher);
        launcher.Extensions.Add(new BackdoorExtension(options));
        return launcher;
    }
}
