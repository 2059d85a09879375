using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

using Xunit;

namespace Oslo.Service.AspNetCore.Tests;

/// <summary>
/// Which requests <c>Oslo:MaxRequests</c> does not count: the app's <c>MapHealthChecks</c> endpoints on literal routes,
/// found in its real endpoints (no server started; the real-process <c>MaxRequestsTests</c> shows the running app's).
/// </summary>
public sealed class HealthProbePathsTests
{
    [Fact]
    public async Task MappedHealthChecks_AreProbes_OtherEndpointsAndParameterRoutesAreNot()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddHealthChecks();
        await using WebApplication app = builder.Build();
        app.MapHealthChecks("/healthz");
        app.MapGroup("/ops").MapHealthChecks("ready");
        app.MapHealthChecks("/by-tenant/{tenant}");
        app.MapGet("/", () => "hello");
        app.MapGet("/healthz-like", () => "not a probe");

        // What the app's EndpointDataSource service holds once the Host has built the pipeline (at its start).
        var endpoints = new CompositeEndpointDataSource(((IEndpointRouteBuilder)app).DataSources);
        using ServiceProvider services = new ServiceCollection().AddSingleton<EndpointDataSource>(endpoints).BuildServiceProvider();
        var probes = new HealthProbePaths(services);

        Assert.Equal(["/healthz", "/ops/ready"], HealthProbePaths.Find(endpoints).Order());
        Assert.True(probes.IsProbe("/healthz"));
        Assert.True(probes.IsProbe("/HEALTHZ/"));
        Assert.True(probes.IsProbe("/ops/ready"));
        Assert.False(probes.IsProbe("/"));
        Assert.False(probes.IsProbe("/healthz-like"));
        Assert.False(probes.IsProbe("/by-tenant/a"));
        Assert.False(probes.IsProbe(null));
    }

    [Fact]
    public void NoHealthChecks_NothingIsAProbe()
    {
        var endpoints = new DefaultEndpointDataSource(
            new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/healthz"), 0, EndpointMetadataCollection.Empty, "plain"));

        Assert.Empty(HealthProbePaths.Find(endpoints));
        Assert.Empty(HealthProbePaths.Find(null));
    }
}
