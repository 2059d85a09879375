using System.Net;
using System.Net.Sockets;
using System.Text;

using Microsoft.Extensions.Logging.Abstractions;

using Oslo.Service.Metrics;

using Xunit;

namespace Oslo.Service.Tests.Metrics;

/// <summary>The parent's <c>/metrics</c> endpoint over real loopback sockets: what a scraper and a stray client get.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Get_Metrics_PrometheusTextWithLengthAndClose()
    {
        await using MetricsEndpoint endpoint = MetricsEndpoint.Start("127.0.0.1", 0, () => "up 1\n", NullLogger.Instance);
        using var client = new HttpClient();
        using HttpResponseMessage response = await client.GetAsync(new Uri(endpoint.Url));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PrometheusText.ContentType, response.Content.Headers.ContentType!.ToString());
        Assert.Equal(5, response.Content.Headers.ContentLength);
        Assert.True(response.Headers.ConnectionClose);
        Assert.Equal("up 1\n", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET /metrics?name=up HTTP/1.1", "HTTP/1.1 200 OK", "up 1\n")]
    [InlineData("HEAD /metrics HTTP/1.1", "HTTP/1.1 200 OK", "")]
    [InlineData("GET / HTTP/1.1", "HTTP/1.1 404 Not Found", "not found; the metrics are at /metrics\n")]
    [InlineData("GET /metricsx HTTP/1.0", "HTTP/1.1 404 Not Found", "not found; the metrics are at /metrics\n")]
    [InlineData("POST /metrics HTTP/1.1", "HTTP/1.1 405 Method Not Allowed", "GET or HEAD\n")]
    public async Task RequestLine_Answered(string requestLine, string statusLine, string body)
    {
        await using MetricsEndpoint endpoint = MetricsEndpoint.Start("127.0.0.1", 0, () => "up 1\n", NullLogger.Instance);
        string response = await ExchangeAsync(endpoint, Encoding.ASCII.GetBytes(requestLine + "\r\nHost: x\r\n\r\n"));

        Assert.StartsWith(statusLine + "\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n" + body, response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostName_ResolvedAndKeptInTheUrl()
    {
        await using MetricsEndpoint endpoint = MetricsEndpoint.Start("localhost", 0, () => "up 1\n", NullLogger.Instance);

        Assert.StartsWith("http://localhost:", endpoint.Url, StringComparison.Ordinal);
        string response = await ExchangeAsync(endpoint, "GET /metrics HTTP/1.1\r\n\r\n"u8.ToArray());
        Assert.StartsWith("HTTP/1.1 200 ", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestHeadOver8KiB_431()
    {
        await using MetricsEndpoint endpoint = MetricsEndpoint.Start("127.0.0.1", 0, () => "up 1\n", NullLogger.Instance);
        string response = await ExchangeAsync(endpoint, Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nX: " + new string('a', 9000)));

        Assert.StartsWith("HTTP/1.1 431 ", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderThrows_500_EndpointKeepsServing()
    {
        int calls = 0;
        await using MetricsEndpoint endpoint = MetricsEndpoint.Start("127.0.0.1", 0,
            () => ++calls == 1 ? throw new InvalidOperationException("broken collector") : "up 1\n", NullLogger.Instance);

        Assert.StartsWith("HTTP/1.1 500 ", await ExchangeAsync(endpoint, "GET /metrics HTTP/1.1\r\n\r\n"u8.ToArray()), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 ", await ExchangeAsync(endpoint, "GET /metrics HTTP/1.1\r\n\r\n"u8.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortAlreadyListening_SocketExceptionAddressInUse()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        int port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var error = Assert.Throws<SocketException>(() => MetricsEndpoint.Start("127.0.0.1", port, () => "", NullLogger.Instance));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    private static async Task<string> ExchangeAsync(MetricsEndpoint endpoint, byte[] request)
    {
        var uri = new Uri(endpoint.Url);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Loopback, uri.Port);
        await client.SendAsync(request);
        using var stream = new NetworkStream(client);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadToEndAsync(deadline.Token);
    }
}
