using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Oslo.Service.Launching;
using Oslo.Service.Wsgi.Tests.Support;

namespace Oslo.Service.Wsgi.Tests.Server;

/// <summary>services.AddWsgiServer: a Server with named, validated ServerOptions for a Generic Host.</summary>
public sealed class WsgiServiceCollectionExtensionsTests
{
    private static readonly RequestDelegate s_hello = ctx => ctx.Response.WriteAsync("hello");

    [Fact]
    public async Task AddWsgiServer_ConfiguredOptions_ResolvesAnUnboundServerWithThem()
    {
        await using ServiceProvider provider = new ServiceCollection()
            .AddWsgiServer(TestConf.Create(), "api", s_hello, o => o.Host = "127.0.0.1")
            .BuildServiceProvider();

        var server = Assert.IsType<Wsgi.Server>(provider.GetRequiredService<ServiceBase>());
        Assert.Equal("api", server.Name);
        Assert.Equal("127.0.0.1", server.Host);
        Assert.Null(server.ListenSocket);
    }

    [Fact]
    public async Task AddWsgiServer_InvalidOptions_OptionsValidationNamesServerAndValue()
    {
        await using ServiceProvider provider = new ServiceCollection()
            .AddWsgiServer(TestConf.Create(), "api", s_hello, o => o.Port = 70000)
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<ServerOptions>>().Get("api"));
        Assert.Equal("Server api: Port must be between 0 and 65535, found 70000", Assert.Single(error.Failures));
    }
}
