using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Service.Launching;

using Xunit;

namespace Oslo.Service.Tests.Launching;

public sealed class LaunchTests
{
    [Fact]
    public async Task Launch_OneWorker_UsesServiceLauncher()
    {
        const int workers = 1;
        using var h = new LauncherHarness();
        RecordingService service = h.Service("a");

        Launcher launcher = Launcher.LaunchCore(h.Config, service, workers, RestartMethod.Reload, NullLoggerFactory.Instance, null);

        ServiceLauncher serviceLauncher = Assert.IsType<ServiceLauncher>(launcher);
        Assert.Same(service, Assert.Single(serviceLauncher.Services.Items));
        await serviceLauncher.Services.WhenStartedAsync().WaitAsync(LauncherHarness.Deadline);
        await launcher.StopAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Launch_ZeroOrNegativeWorkers_ThrowsOsloError(int workers)
    {
        using var h = new LauncherHarness();

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(
            () => Launcher.LaunchCore(h.Config, h.Service("a"), workers, RestartMethod.Reload, NullLoggerFactory.Instance, null));

        Assert.StartsWith("Number of workers should be positive!", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Journal);
    }

    [Fact]
    public void Launch_InvalidRestartMethod_ThrowsOsloError()
    {
        using var h = new LauncherHarness();

        ArgumentException error = Assert.Throws<ArgumentException>(
            () => Launcher.LaunchCore(h.Config, h.Service("a"), 1, (RestartMethod)9, NullLoggerFactory.Instance, null));

        Assert.StartsWith("Invalid restart_method: 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LaunchService_MultipleWorkers_ThrowsOsloError()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();

        ArgumentException error = Assert.Throws<ArgumentException>(() => launcher.LaunchService(h.Service("a"), workers: 2));

        Assert.StartsWith("Launcher asked to start multiple workers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LaunchService_NotAServiceBase_ThrowsOsloTypeError()
    {
        using var h = new LauncherHarness();
        ServiceLauncher launcher = h.Create();

        ArgumentException error = Assert.Throws<ArgumentException>(() => launcher.LaunchService((object)"not a service"));

        Assert.StartsWith("Service not a service must be an instance of Oslo.Service.Launching.ServiceBase!", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RegistersTheServiceOptionsOnTheGivenConfig()
    {
        using var h = new LauncherHarness();

        _ = h.Create();

        Assert.Equal(1, h.Config.Registrations);
    }

    [Theory]
    [InlineData("reload", RestartMethod.Reload)]
    [InlineData("mutate", RestartMethod.Mutate)]
    public void RestartMethods_Parse_AcceptsOsloNames(string name, RestartMethod expected)
    {
        Assert.Equal(expected, RestartMethods.Parse(name));
        Assert.Equal(name, expected.ToOsloName());
    }

    [Theory]
    [InlineData("Reload")]
    [InlineData("restart")]
    [InlineData("")]
    public void RestartMethods_Parse_RejectsAnythingElseWithOsloError(string name)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => RestartMethods.Parse(name));

        Assert.StartsWith($"Invalid restart_method: {name}", error.Message, StringComparison.Ordinal);
    }
}
