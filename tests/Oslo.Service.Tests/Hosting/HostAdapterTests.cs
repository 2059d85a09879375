using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Oslo.Service.Hosting;
using Oslo.Service.Launching;

using Xunit;

namespace Oslo.Service.Tests.Hosting;

public sealed class HostAdapterTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Factory_ReloadRestart_BuildsAFreshHost()
    {
        int builds = 0;
        var adapter = new HostAdapter(() =>
        {
            builds++;
            return BuildHost(new CountingConfigurationSource());
        });
        var services = new Services(RestartMethod.Reload);
        services.Add(adapter);
        await services.WhenStartedAsync().WaitAsync(s_deadline);
        IHost first = adapter.Host!;

        await services.RestartAsync().WaitAsync(s_deadline);

        Assert.Equal(2, builds);
        Assert.NotSame(first, adapter.Host);
        await services.StopAsync().WaitAsync(s_deadline);
        await services.WaitAsync().WaitAsync(s_deadline);
        Assert.Null(adapter.Host);
    }

    [Fact]
    public async Task Instance_CannotStartAgainAfterAStop()
    {
        var adapter = new HostAdapter(BuildHost(new CountingConfigurationSource()));
        await adapter.StartAsync();
        await adapter.StopAsync(graceful: true);

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => adapter.StartAsync());

        Assert.Contains("Func<IHost>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetAsync_ReloadsTheHostsConfiguration()
    {
        var source = new CountingConfigurationSource();
        var adapter = new HostAdapter(BuildHost(source));
        await adapter.StartAsync();
        int loadsAfterStart = source.Loads;

        await adapter.ResetAsync();

        Assert.Equal(loadsAfterStart + 1, source.Loads);
        await adapter.StopAsync(graceful: true);
    }

    [Fact]
    public void AsServiceBase_AdaptsHostsAndHostedServicesAndRejectsTheRest()
    {
        using IHost host = BuildHost(new CountingConfigurationSource());
        Func<IHost> factory = () => host;

        Assert.IsType<HostAdapter>(HostingServiceAdapters.AsServiceBase(host));
        Assert.IsType<HostAdapter>(HostingServiceAdapters.AsServiceBase(factory));
        Assert.IsType<HostedServiceAdapter>(HostingServiceAdapters.AsServiceBase(new NoopHostedService()));
        ArgumentException error = Assert.Throws<ArgumentException>(() => HostingServiceAdapters.AsServiceBase(42));
        Assert.StartsWith("Service 42 must be an instance of Oslo.Service.Launching.ServiceBase!", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseOsloServiceLifetime_ReplacesTheConsoleLifetime()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.UseOsloServiceLifetime();
        using IHost host = builder.Build();

        Assert.IsType<OsloHostLifetime>(host.Services.GetRequiredService<IHostLifetime>());
    }

    private static IHost BuildHost(CountingConfigurationSource source)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ((IConfigurationBuilder)builder.Configuration).Add(source);
        builder.Services.UseOsloServiceLifetime();
        builder.Services.AddHostedService<NoopHostedService>();
        return builder.Build();
    }

    private sealed class NoopHostedService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class CountingConfigurationSource : IConfigurationSource
    {
        public int Loads { get; set; }

        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(this);

        private sealed class Provider(CountingConfigurationSource source) : ConfigurationProvider
        {
            public override void Load()
            {
                source.Loads++;
                Data["greeting"] = "hello";
            }
        }
    }
}
