using System.Globalization;
using System.Security.Authentication;

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;

using Oslo.Config;
using Oslo.Service.Hosting;

namespace Oslo.Service.AspNetCore;

/// <summary>
/// In the parent: starts Kestrel over <see cref="ParentListenerFactory"/>, so Kestrel itself resolves every endpoint
/// from its configuration (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c>,
/// <c>Kestrel:Endpoints</c>, <c>ConfigureKestrel</c> <c>Listen…</c>, <c>app.Urls</c>) and checks each HTTPS
/// certificate, while the sockets are bound once, here, for the workers. No connection is ever accepted here.
/// </summary>
internal sealed class KestrelEndpointBinder(IServer server, IConfiguration configuration, ParentListenerFactory listeners) : IOsloParentStartup
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        AddConfiguredUrls();
        try
        {
            await server.StartAsync(new NoApplication(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or AuthenticationException
            or System.Net.Sockets.SocketException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            string message = exception.Message;
            if (listeners.Binding is { } endpoint && !message.Contains(EndpointKeys.Describe(endpoint), StringComparison.Ordinal)
                && exception is System.Net.Sockets.SocketException or UnauthorizedAccessException)
            {
                message = $"Failed to bind to {EndpointKeys.Describe(endpoint)}: {message}";
            }

            throw new OsloStartupException(message, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);

    /// <summary>
    /// What ASP.NET Core's web host does before it starts the server (the server is started here without it):
    /// the <c>urls</c> setting, else <c>http_ports</c>/<c>https_ports</c>, unless the app already set addresses.
    /// </summary>
    private void AddConfiguredUrls()
    {
        if (server.Features.Get<IServerAddressesFeature>() is not { Addresses: { IsReadOnly: false, Count: 0 } addresses } feature)
        {
            return;
        }

        string? urls = configuration["urls"];
        if (string.IsNullOrEmpty(urls))
        {
            IEnumerable<string> http = Ports(configuration["http_ports"]).Select(port => $"http://*:{port}");
            IEnumerable<string> https = Ports(configuration["https_ports"]).Select(port => $"https://*:{port}");
            urls = string.Join(';', http.Concat(https));
        }

        if (!string.IsNullOrEmpty(urls))
        {
            feature.PreferHostingUrls = bool.TryParse(configuration["preferHostingUrls"], out bool prefer) && prefer;
            foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                addresses.Add(url);
            }
        }
    }

    private static IEnumerable<string> Ports(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(port => int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));

    /// <summary>The parent's "application": never called, since the parent's listeners never accept.</summary>
    private sealed class NoApplication : IHttpApplication<NoApplication.Context>
    {
        public Context CreateContext(IFeatureCollection contextFeatures) => new();

        public Task ProcessRequestAsync(Context context) => Task.CompletedTask;

        public void DisposeContext(Context context, Exception? exception)
        {
        }

        internal sealed class Context;
    }
}
