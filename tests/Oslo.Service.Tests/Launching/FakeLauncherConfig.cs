using Microsoft.Extensions.Logging;

using Oslo.Service.Launching;

namespace Oslo.Service.Tests.Launching;

/// <summary>An <see cref="ILauncherConfig"/> that counts calls and can be told to fail.</summary>
internal sealed class FakeLauncherConfig : ILauncherConfig
{
    public int Registrations { get; private set; }

    public int Reloads { get; private set; }

    public int Mutates { get; private set; }

    public int ValueLogs { get; private set; }

    public bool Broken { get; set; }

    public TimeSpan GracefulShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public bool LogOptions { get; set; } = true;

    public TimeSpan DrainDelay { get; set; }

    public TimeSpan StartExtensionLimit { get; set; }

    public void RegisterServiceOptions() => Registrations++;

    public bool ReloadConfigFiles()
    {
        Reloads++;
        return !Broken;
    }

    public bool MutateConfigFiles()
    {
        Mutates++;
        return !Broken;
    }

    public void LogOptionValues(ILogger logger) => ValueLogs++;
}
