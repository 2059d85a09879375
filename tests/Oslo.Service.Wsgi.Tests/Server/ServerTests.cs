using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

using Microsoft.AspNetCore.Http;

using Oslo.Service.Wsgi.Health;
using Oslo.Service.Wsgi.Tests.Support;

namespace Oslo.Service.Wsgi.Tests.Server;

/// <summary>The wsgi Server over real sockets on 127.0.0.1 (oslo's test_wsgi.py, and the issue's limits and drain).</summary>
public sealed class ServerTests
{
    private static readonly RequestDelegate s_hello = ctx => ctx.Response.WriteAsync("hello");

    private static async Task<Wsgi.Server> StartAsync(Oslo.Config.ConfigOpts conf, WsgiApp app, ListLoggerFactory? logs = null,
        int? maxUrlLen = null, int? poolSize = null, HealthEndpoints? health = null)
    {
        var server = new Wsgi.Server(conf, "test", app,
            new ServerOptions { Host = "127.0.0.1", MaxUrlLength = maxUrlLen, PoolSize = poolSize, Health = health }, logs);
        await server.StartAsync();
        return server;
    }

    private static HttpClient Client(Wsgi.Server server) =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/"), Timeout = TimeSpan.FromSeconds(15) };

    [Fact]
    public async Task Start_RandomPort_ReportsRealPortAndServes()
    {
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)s_hello);
        Assert.Equal("test", server.Name);
        Assert.NotEqual(0, server.Port);
        Assert.Equal("127.0.0.1", server.Host);
        using var client = Client(server);
        Assert.Equal("hello", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Start_Ipv6Loopback_Serves()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        await using var server = new Wsgi.Server(TestConf.Create(), "v6", (RequestDelegate)s_hello, new ServerOptions { Host = "::1" });
        await server.StartAsync();
        using var client = new HttpClient();
        Assert.Equal("hello", await client.GetStringAsync($"http://[::1]:{server.Port}/"));
    }

    [Fact]
    public async Task Constructor_PortInUse_BindsNothingUntilStart()
    {
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        blocker.Listen();
        int port = ((IPEndPoint)blocker.LocalEndPoint!).Port;
        var logs = new ListLoggerFactory();

        // oslo (and this library before 1.0) bound in the constructor: a side effect nobody expects of `new`.
        await using var server = new Wsgi.Server(TestConf.Create(), "busy", (RequestDelegate)s_hello, new ServerOptions { Host = "127.0.0.1", Port = port }, logs);
        Assert.Null(server.ListenSocket);
        Assert.Equal(port, server.Port);

        var ex = await Assert.ThrowsAsync<ServerBindException>(() => server.StartAsync());
        Assert.IsAssignableFrom<Oslo.Config.OsloStartupException>(ex);
        Assert.Equal($"127.0.0.1:{port}", ex.Endpoint);
        Assert.StartsWith($"Could not bind to 127.0.0.1:{port}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("in use", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<SocketException>(ex.InnerException);
        // The caller reports it (one line); the server does not log it a second time with a stack trace.
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("Could not bind", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_BeforeStart_ListensAtOnceAndReportsThePort()
    {
        using var server = new DisposableServer(new Wsgi.Server(TestConf.Create(), "early", (RequestDelegate)s_hello, new ServerOptions { Host = "127.0.0.1" }));
        server.Value.Bind();
        server.Value.Bind();
        Assert.NotNull(server.Value.ListenSocket);
        Assert.NotEqual(0, server.Value.Port);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(IPAddress.Loopback, server.Value.Port);
    }

    [Theory]
    [InlineData(-1, 128, "Port must be between 0 and 65535, found -1")]
    [InlineData(70000, 128, "Port must be between 0 and 65535, found 70000")]
    [InlineData(0, 0, "Backlog must be at least 1, found 0")]
    public void Constructor_InvalidOptions_OsloStartupExceptionNamingTheProblem(int port, int backlog, string problem)
    {
        var ex = Assert.Throws<Oslo.Config.OsloStartupException>(() => new Wsgi.Server(TestConf.Create(), "x", (RequestDelegate)s_hello,
            new ServerOptions { Host = "127.0.0.1", Port = port, Backlog = backlog }));
        Assert.Equal($"Invalid server options: {problem}", ex.Message);
    }

    [Fact]
    public void Constructor_SocketOptions_ReuseAddrKeepAliveAndKeepIdle()
    {
        using var server = new DisposableServer(new Wsgi.Server(TestConf.Create(("tcp_keepidle", 500, null)), "opts", (RequestDelegate)s_hello, new ServerOptions { Host = "127.0.0.1" }));
        server.Value.Bind();
        var socket = server.Value.ListenSocket!;
        // By number: .NET's ReuseAddress reads SO_REUSEADDR and SO_REUSEPORT together (<asm-generic/socket.h>: 1, 2).
        byte[] reuseAddress = new byte[4];
        socket.GetRawSocketOption(1, 2, reuseAddress);
        Assert.Equal(1, BitConverter.ToInt32(reuseAddress));
        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(500, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.False(Wsgi.Interop.ReuseAddress.IsReusePortSet(socket), "SO_REUSEPORT is set on the listening socket");
    }

    // With SO_REUSEPORT (which .NET's ReuseAddress option sets on Linux) the second bind succeeded, and the kernel
    // handed part of the port's connections to a socket nobody accepted from: a worker that bound a sibling
    // service's port itself made that service's clients hang (ServiceLabelTests in CI).
    [Fact]
    public void BindTcp_PortAlreadyListening_FailsWithAddressInUse()
    {
        using Socket first = ListenSockets.BindTcp("127.0.0.1", 0, 16, 0);
        int port = ((IPEndPoint)first.LocalEndPoint!).Port;
        var ex = Assert.Throws<IOException>(() => ListenSockets.BindTcp("127.0.0.1", port, 16, 0).Dispose());
        Assert.Equal(SocketError.AddressAlreadyInUse, Assert.IsType<SocketException>(ex.InnerException).SocketErrorCode);
        Assert.StartsWith($"Could not bind to 127.0.0.1:{port}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxUrlLen_LongerTarget_Gets414()
    {
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)s_hello, maxUrlLen: 16384);
        using var client = Client(server);
        var ok = await client.GetAsync("/" + new string('a', 10000));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var tooLong = await client.GetAsync("/" + new string('a', 20000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, tooLong.StatusCode);
    }

    [Fact]
    public async Task MaxUrlLen_Default_RequestLineOver8KGets414()
    {
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)s_hello);
        using var client = Client(server);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/" + new string('a', 8000))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, (await client.GetAsync("/" + new string('a', 9000))).StatusCode);
    }

    [Fact]
    public async Task MaxHeaderLine_LongerLine_Gets431AndServerKeepsServing()
    {
        await using var server = await StartAsync(TestConf.Create(("max_header_line", 1024, null)), (RequestDelegate)s_hello);
        await using (var raw = await RawHttp.ConnectAsync(server.Port))
        {
            await raw.SendAsync($"GET / HTTP/1.1\r\nHost: x\r\nX-Token: {new string('t', 1000)}\r\n\r\n");
            Assert.Equal(200, (await raw.ReadResponseAsync()).Status);
        }

        await using (var raw = await RawHttp.ConnectAsync(server.Port))
        {
            await raw.SendAsync($"GET / HTTP/1.1\r\nHost: x\r\nX-Token: {new string('t', 2000)}\r\n\r\n");
            Assert.Equal(431, (await raw.ReadResponseAsync()).Status);
        }

        await using (var raw = await RawHttp.ConnectAsync(server.Port))
        {
            // Far beyond any limit: Kestrel's own header-block limit answers, still no crash.
            await raw.SendAsync($"GET / HTTP/1.1\r\nHost: x\r\nX-Token: {new string('t', 200_000)}\r\n\r\n");
            Assert.Equal(431, (await raw.ReadResponseAsync()).Status);
        }

        using var client = Client(server);
        Assert.Equal("hello", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task ClientSocketTimeout_IdleClient_IsClosed()
    {
        await using var server = await StartAsync(TestConf.Create(("client_socket_timeout", 1, null)), (RequestDelegate)s_hello);
        await using var idle = await RawHttp.ConnectAsync(server.Port);
        Assert.True(await idle.IsClosedByServerWithinAsync(TimeSpan.FromSeconds(6)), "idle client was not closed");

        // A client that sent half a request and stalls is closed too.
        await using var slow = await RawHttp.ConnectAsync(server.Port);
        await slow.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n");
        Assert.True(await slow.IsClosedByServerWithinAsync(TimeSpan.FromSeconds(6)), "slow client was not closed");
    }

    [Fact]
    public async Task ClientSocketTimeout_Zero_IdleClientStaysOpen()
    {
        await using var server = await StartAsync(TestConf.Create(("client_socket_timeout", 0, null)), (RequestDelegate)s_hello);
        await using var idle = await RawHttp.ConnectAsync(server.Port);
        await idle.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await idle.ReadResponseAsync()).Status);
        Assert.False(await idle.IsClosedByServerWithinAsync(TimeSpan.FromSeconds(2.5)));
        await idle.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await idle.ReadResponseAsync()).Status);
    }

    [Fact]
    public async Task KeepAliveOff_ConnectionCloseAndSocketClosed()
    {
        await using var server = await StartAsync(TestConf.Create(("wsgi_keep_alive", false, null)), (RequestDelegate)s_hello);
        await using var raw = await RawHttp.ConnectAsync(server.Port);
        await raw.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var (status, head, body) = await raw.ReadResponseAsync();
        Assert.Equal(200, status);
        Assert.Equal("hello", body);
        Assert.Contains("Connection: close", head, StringComparison.OrdinalIgnoreCase);
        Assert.True(await raw.IsClosedByServerWithinAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task KeepAliveOn_ConnectionReused()
    {
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)s_hello);
        await using var raw = await RawHttp.ConnectAsync(server.Port);
        for (int i = 0; i < 3; i++)
        {
            await raw.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            var (status, head, _) = await raw.ReadResponseAsync();
            Assert.Equal(200, status);
            Assert.DoesNotContain("Connection: close", head, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task AccessLog_DefaultFormat_OneOsloLinePerRequest()
    {
        var logs = new ListLoggerFactory();
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)s_hello, logs);
        using var client = Client(server);
        await client.GetStringAsync("/v2/servers?limit=1");
        string line = Assert.Single(logs.MessagesOf("eventlet.wsgi.server"));
        Assert.Matches(new Regex("""^127\.0\.0\.1 "GET /v2/servers\?limit=1 HTTP/1\.1" status: 200  len: 5 time: \d+\.\d{7}$"""), line);
    }

    [Fact]
    public async Task AccessLog_CustomFormat_DateTimeAndPadding()
    {
        var logs = new ListLoggerFactory();
        var conf = TestConf.Create(("wsgi_log_format", "[%(date_time)s] %(status_code)5d %(body_length)-4s|%(wall_seconds).2f", null));
        await using var server = await StartAsync(conf, (RequestDelegate)(ctx =>
        {
            ctx.Response.StatusCode = 404;
            return ctx.Response.WriteAsync("no");
        }), logs);
        using var client = Client(server);
        await client.GetAsync("/");
        string line = Assert.Single(logs.MessagesOf("eventlet.wsgi.server"));
        Assert.Matches(new Regex(@"^\[\d\d/[A-Z][a-z]{2}/\d{4} \d\d:\d\d:\d\d\]   404 2   \|\d+\.\d\d$"), line);
    }

    [Fact]
    public async Task DebugOn_500BodyHasExceptionText()
    {
        var logs = new ListLoggerFactory();
        await using var server = await StartAsync(TestConf.Create(("wsgi_server_debug", true, null)),
            (RequestDelegate)(_ => throw new InvalidOperationException("the database is on fire")), logs);
        using var client = Client(server);
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("System.InvalidOperationException: the database is on fire", body, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Exception is InvalidOperationException);
        Assert.Matches(new Regex("status: 500  len: [1-9]"), Assert.Single(logs.MessagesOf("eventlet.wsgi.server")));
    }

    [Fact]
    public async Task DebugOff_500BodyIsEmpty()
    {
        await using var server = await StartAsync(TestConf.Create(),
            (RequestDelegate)(_ => throw new InvalidOperationException("the database is on fire")));
        using var client = Client(server);
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnixSocket_WithMode_ServesAndHasMode()
    {
        string dir = Directory.CreateTempSubdirectory("oslo-wsgi-unix-").FullName;
        string path = Path.Combine(dir, "api.sock");
        try
        {
            await using var server = new Wsgi.Server(TestConf.Create(), "unix", (RequestDelegate)s_hello, new ServerOptions
            {
                SocketFile = path,
                SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            });
            server.Bind();
            Assert.Equal(path, ((UnixDomainSocketEndPoint)server.ListenSocket!.LocalEndPoint!).ToString());
            Assert.Equal(Convert.ToInt32("644", 8), (int)File.GetUnixFileMode(path));
            await server.StartAsync();
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            using var client = new HttpClient(handler);
            Assert.Equal("hello", await client.GetStringAsync("http://localhost/"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Stop_SlowRequestInFlight_CompletesThenWaitReturns()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)(async ctx =>
        {
            entered.TrySetResult();
            await release.Task;
            await ctx.Response.WriteAsync("finished");
        }));
        using var client = Client(server);
        var slow = client.GetStringAsync("/");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await server.StopAsync(graceful: true);
        Assert.True(server.IsDraining);
        var wait = server.WaitAsync();
        await Task.Delay(300);
        Assert.False(wait.IsCompleted, "wait returned while a request was in flight");
        Assert.False(slow.IsCompleted);

        release.SetResult();
        Assert.Equal("finished", await slow.WaitAsync(TimeSpan.FromSeconds(10)));
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Stop_IdleKeepAliveConnection_NextRequestAnsweredWithConnectionClose()
    {
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)s_hello);
        await using var raw = await RawHttp.ConnectAsync(server.Port);
        await raw.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await raw.ReadResponseAsync()).Status);

        await server.StopAsync(graceful: true);
        var wait = server.WaitAsync();
        await Task.Delay(200);
        Assert.False(wait.IsCompleted, "the stop did not wait for the open keep-alive connection");

        // The request a client sends on its open connection during the drain is served, not lost to a close.
        await raw.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var (status, head, body) = await raw.ReadResponseAsync();
        Assert.Equal(200, status);
        Assert.Equal("hello", body);
        Assert.Contains("Connection: close", head, StringComparison.OrdinalIgnoreCase);
        Assert.True(await raw.IsClosedByServerWithinAsync(TimeSpan.FromSeconds(5)));
        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Stop_IdleKeepAliveConnectionSendsNothing_ClosedAfterDrain()
    {
        await using var server = new Wsgi.Server(TestConf.Create(), "drain", (RequestDelegate)s_hello,
            new ServerOptions { Host = "127.0.0.1", KeepAliveDrain = TimeSpan.FromMilliseconds(300) });
        await server.StartAsync();
        await using var raw = await RawHttp.ConnectAsync(server.Port);
        await raw.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await raw.ReadResponseAsync()).Status);
        await server.StopAsync(graceful: true);
        await server.WaitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(await raw.IsClosedByServerWithinAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Wait_DeadlinePasses_AbortsWhatIsLeft()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)(async ctx =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        }));
        using var client = Client(server);
        var stuck = client.GetAsync("/");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await server.StopAsync(graceful: true);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.WaitAsync(deadline.Token));
        await Assert.ThrowsAnyAsync<Exception>(() => stuck.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task StopResetStart_ServesAgainAndQueuedConnectionIsServed()
    {
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)s_hello);
        await server.StopAsync(graceful: true);
        await server.WaitAsync();

        // The listening socket stays open between stop and start: a client connecting now waits in the backlog.
        await using var early = await RawHttp.ConnectAsync(server.Port);
        await early.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");

        await server.ResetAsync();
        Assert.False(server.IsDraining);
        await server.StartAsync();
        Assert.Equal("hello", (await early.ReadResponseAsync()).Body);
        using var client = Client(server);
        Assert.Equal("hello", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task PoolSize_One_SecondRequestWaitsForFirst()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int inside = 0;
        int maxInside = 0;
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)(async ctx =>
        {
            int now = Interlocked.Increment(ref inside);
            InterlockedMax(ref maxInside, now);
            await release.Task;
            Interlocked.Decrement(ref inside);
            await ctx.Response.WriteAsync("ok");
        }), poolSize: 1);
        Assert.Equal(1, server.PoolSize);
        using var client = Client(server);
        var first = client.GetStringAsync("/a");
        var second = client.GetStringAsync("/b");
        await Task.Delay(300);
        Assert.Equal(1, Volatile.Read(ref inside));
        release.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, maxInside);
    }

    [Fact]
    public async Task PoolSize_Default_IsWsgiDefaultPoolSize()
    {
        await using var server = new Wsgi.Server(TestConf.Create(("wsgi_default_pool_size", 7, null)), "p", (RequestDelegate)s_hello, new ServerOptions { Host = "127.0.0.1" });
        Assert.Equal(7, server.PoolSize);
    }

    [Fact]
    public async Task Health_OffByDefault_PathsGoToTheApp()
    {
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)(ctx => ctx.Response.WriteAsync("app:" + ctx.Request.Path)));
        using var client = Client(server);
        Assert.Equal("app:/healthz", await client.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task Health_On_LiveAndReadyThenNotReadyWhileDraining()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(TestConf.Create(), (RequestDelegate)(async ctx =>
        {
            entered.TrySetResult();
            await release.Task;
            await ctx.Response.WriteAsync("done");
        }), health: new HealthEndpoints());
        await using var probe = await RawHttp.ConnectAsync(server.Port);
        await probe.SendAsync("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await probe.ReadResponseAsync()).Status);
        await probe.SendAsync("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await probe.ReadResponseAsync()).Status);

        using var client = Client(server);
        var slow = client.GetStringAsync("/work");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await server.StopAsync(graceful: true);
        Assert.True(server.IsDraining);
        release.SetResult();
        Assert.Equal("done", await slow);
        await server.WaitAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class DisposableServer(Wsgi.Server value) : IDisposable
    {
        public Wsgi.Server Value { get; } = value;

        public void Dispose() => Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
