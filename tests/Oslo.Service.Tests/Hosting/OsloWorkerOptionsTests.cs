using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Oslo.Service.Hosting;
using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Hosting;

/// <summary>
/// #14: the launcher's options bindable the .NET way — the <c>Oslo</c> section of <c>IConfiguration</c>, then
/// <c>services.Configure</c>/<c>AddOptions().Configure</c> — validated, with the supervisor's defaults declared once.
/// </summary>
public sealed class OsloWorkerOptionsTests
{
    [Fact]
    public void Defaults_AreTheSupervisorsOwn_ExceptTheOneAtATimeReloadSurgeTheProcessorShareAndTheConnectionBoard()
    {
        SupervisionSettings settings = new OsloWorkerOptions().ToSupervisionSettings();

        Assert.Equal(SupervisionSettings.Default with { ReloadSurge = 1, WorkerProcessorCount = 0, ShareConnections = true }, settings);
    }

    [Fact]
    public void OsloSection_ThenConfigure_BindEverySupervisionKnob()
    {
        OsloWorkerOptions options = Resolve(
            new Dictionary<string, string?>
            {
                ["Oslo:Workers"] = "3",
                ["Oslo:BootTimeout"] = "45",
                ["Oslo:RestartIntensity"] = "4",
                ["Oslo:RestartPeriod"] = "00:01:00",
                ["Oslo:RestartBackoffInitial"] = "0.5",
                ["Oslo:RestartBackoffMax"] = "20",
                ["Oslo:BootFailureThreshold"] = "2",
                ["Oslo:HeartbeatTimeout"] = "10",
            },
            services => services.AddOptions<OsloWorkerOptions>().Configure(o => o.SpareWorkers = 2));

        SupervisionSettings settings = options.ToSupervisionSettings();
        Assert.Equal(3, options.EffectiveWorkers);
        Assert.Equal(TimeSpan.FromSeconds(45), settings.BootTimeout);
        Assert.Equal(4, settings.RestartIntensity);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.RestartPeriod);
        Assert.Equal(TimeSpan.FromSeconds(0.5), settings.BackoffInitial);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.BackoffMax);
        Assert.Equal(2, settings.BootFailureThreshold);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.HeartbeatTimeout);
        Assert.Equal(2, settings.SpareWorkers);
    }

    [Fact]
    public void RecycleAndHungWorkerKeys_OsloSectionOrProcessLauncher_BindTheSupervisor()
    {
        OsloWorkerOptions options = Resolve(new Dictionary<string, string?>
        {
            ["Oslo:MaxRequests"] = "2000",
            ["Oslo:MaxRequestsJitter"] = "200",
            ["Oslo:MaxWorkerMemoryMb"] = "512",
            ["process_launcher:max_worker_memory_window"] = "30",
            ["Oslo:MaxWorkerAge"] = "01:00:00",
            ["Oslo:HungWorkerStacksCommand"] = "/usr/bin/dotnet /opt/oslo-ctl/oslo-ctl.dll",
            ["process_launcher:hung_worker_dump_dir"] = "/var/lib/app/dumps",
        });

        RecycleSettings recycle = options.ToSupervisionSettings().Recycle;
        Assert.Equal(2000, recycle.MaxRequests);
        Assert.Equal(200, recycle.MaxRequestsJitter);
        Assert.Equal(512L << 20, recycle.MaxMemoryBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), recycle.MemoryWindow);
        Assert.Equal(TimeSpan.FromHours(1), recycle.MaxAge);
        Assert.True(recycle.Enabled);
        Assert.Equal("/usr/bin/dotnet /opt/oslo-ctl/oslo-ctl.dll", options.ToSupervisionSettings().HungWorkerStacksCommand);
        Assert.Equal("/var/lib/app/dumps", options.ToSupervisionSettings().HungWorkerDumpDir);
    }

    [Fact]
    public void RecycleKeysOutOfRange_FailValidation_NamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new Dictionary<string, string?>
        {
            ["Oslo:MaxRequests"] = "-1",
            ["Oslo:MaxWorkerMemoryMb"] = "-5",
            ["Oslo:MaxWorkerMemoryWindow"] = "0.5",
        }));

        Assert.Contains(error.Failures, f => f.Contains("Oslo:MaxRequests and Oslo:MaxRequestsJitter must not be negative, found -1 and 0", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Oslo:MaxWorkerMemoryMb must not be negative, found -5", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Oslo:MaxWorkerMemoryWindow must be at least 1 s", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Oslo:WorkerProcessorCount", "1", 1)]
    [InlineData("Oslo:WorkerProcessorCount", "-1", -1)]
    // A bridged oslo config always supplies [process_launcher]'s default (-1): not read, so the share stays the default.
    [InlineData("process_launcher:worker_processor_count", "-1", 0)]
    public void WorkerProcessorCount_OsloSectionOnly_BindsTheSupervisor(string key, string value, int expected)
    {
        OsloWorkerOptions options = Resolve(new Dictionary<string, string?> { [key] = value });

        Assert.Equal(expected, options.ToSupervisionSettings().WorkerProcessorCount);
        Assert.Equal(0, new OsloWorkerOptions().ToSupervisionSettings().WorkerProcessorCount);
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new Dictionary<string, string?> { ["Oslo:WorkerProcessorCount"] = "-2" }));
        Assert.Contains(error.Failures, f => f.Contains("Oslo:WorkerProcessorCount must be between -1 and 1024, found -2", StringComparison.Ordinal));
    }

    [Fact]
    public void OutOfRangeValue_FailsValidation_NamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(
            new Dictionary<string, string?> { ["Oslo:BootFailureThreshold"] = "0", ["Oslo:RestartBackoffMax"] = "0.1" }));

        Assert.Contains(error.Failures, f => f.Contains("Oslo:BootFailureThreshold must be at least 1, found 0", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Oslo:RestartBackoffInitial", StringComparison.Ordinal));
    }

    private static OsloWorkerOptions Resolve(Dictionary<string, string?> values, Action<IServiceCollection>? more = null)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSingleton(configuration);
        OsloWorkersHostingExtensions.AddOsloWorkers(services, configure: null);
        more?.Invoke(services);
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<OsloWorkerOptions>>().Value;
    }
}
