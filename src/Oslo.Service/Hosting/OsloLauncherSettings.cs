using Oslo.Config;
using Oslo.Service.Launching;

namespace Oslo.Service.Hosting;

/// <summary>What <see cref="OsloHostingExtensions.AddOsloLauncher"/> registered: the configuration and restart method.</summary>
/// <param name="Conf">The configuration the launcher reloads or mutates on SIGHUP.</param>
/// <param name="RestartMethod">What a SIGHUP in a daemon does.</param>
public sealed record OsloLauncherSettings(ConfigOpts Conf, RestartMethod RestartMethod);
