using System.Net.Security;
using System.Net.Sockets;
using System.Text;

using Oslo.Service.ChaosTests.Infrastructure;

using Xunit.Abstractions;

namespace Oslo.Service.ChaosTests;

/// <summary>
/// Hostile HTTP clients against HelloApi (2 workers): slowloris, oversized headers and URLs, malformed request
/// lines, a connection flood within the backlog, and garbage on the TLS port. Other clients keep being answered,
/// no worker crashes (same pids, no exit logged), and the workers' memory stays bounded.
/// </summary>
public sealed class HttpAbuseTests(ITestOutputHelper output)
{
    private const int Slowloris = 400;

    // Worker RSS may grow by this much per worker under the attacks (buffers, thread-pool threads, GC heap
    // growth); a leak per connection (400 slowloris connections, hundreds of bad requests) would exceed it.
    private const long RssGrowthBoundKiB = 64 * 1024;

    [Fact]
    public async Task Slowloris_OversizedAndMalformedRequests_Flood_OthersStillAnswered_NoCrash_MemoryBounded()
    {
        // client_socket_timeout 4: idle and slow clients are closed after 4 s (oslo's default is 900).
        await using var hello = await HelloApi.StartAsync(workers: 2, greeting: "sturdy", extra: "client_socket_timeout = 4");
        int[] workers = [.. hello.Process.LiveChildren().Order()];
        int skip = hello.Process.Lines.Count;
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(200, (await hello.GetAsync()).Status);
        }

        long rssBefore = workers.Sum(ProcFs.RssKiB);

        // Slowloris: hundreds of connections that send half a header block and then nothing.
        var slow = new List<TcpClient>();
        try
        {
            for (int i = 0; i < Slowloris; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", hello.Port);
                await client.GetStream().WriteAsync("GET / HTTP/1.1\r\nHost: hello\r\nX-Slow: "u8.ToArray());
                slow.Add(client);
            }

            // Everyone else is still answered, promptly.
            var answered = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < 20; i++)
            {
                Assert.StartsWith("sturdy from pid", (await hello.GetAsync(TimeSpan.FromSeconds(5))).Body, StringComparison.Ordinal);
            }

            output.WriteLine($"{Slowloris} slowloris connections open: 20 other requests answered in {answered.ElapsedMilliseconds} ms");

            // Oversized and malformed requests: an error status or a closed connection, never a crash.
            (string Name, string Request)[] hostile =
            [
                ("header line of 64 KiB", "GET / HTTP/1.1\r\nHost: hello\r\nX-Big: " + new string('a', 64 * 1024) + "\r\n\r\n"),
                ("header block of 1000 headers", "GET / HTTP/1.1\r\nHost: hello\r\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"X-H{i}: {new string('b', 100)}\r\n")) + "\r\n"),
                ("URL of 100 KiB", "GET /" + new string('u', 100 * 1024) + " HTTP/1.1\r\nHost: hello\r\n\r\n"),
                ("garbage request line", "GARBAGE\r\n\r\n"),
                ("method only", "GET\r\n\r\n"),
                ("HTTP/9.9", "GET / HTTP/9.9\r\nHost: hello\r\n\r\n"),
                ("binary", "\u0000\u0001\u0002\u0003\r\n\r\n"),
                ("no Host", "GET / HTTP/1.1\r\n\r\n"),
                ("header without colon", "GET / HTTP/1.1\r\nHost hello\r\n\r\n"),
                ("negative Content-Length", "POST / HTTP/1.1\r\nHost: hello\r\nContent-Length: -1\r\n\r\n"),
            ];
            foreach ((string name, string request) in hostile)
            {
                for (int i = 0; i < 10; i++)
                {
                    string outcome = await SendHostileAsync(hello.Port, request);
                    if (i == 0)
                    {
                        output.WriteLine($"{name}: {outcome}");
                    }

                    Assert.True(outcome is "closed" || outcome.StartsWith('4') || outcome.StartsWith('5'), $"{name}: {outcome}");
                }
            }

            // A flood of connections within the backlog (128): all at once, every one answered.
            var flood = await Task.WhenAll(Enumerable.Range(0, 120).Select(_ => Task.Run(() => hello.GetAsync(TimeSpan.FromSeconds(20)))));
            Assert.All(flood, r => Assert.Equal(200, r.Status));
            output.WriteLine($"flood of {flood.Length} simultaneous connections: all answered 200");

            // The slow clients are cut off at client_socket_timeout.
            int[] closed = await Task.WhenAll(slow.Select(async c => await IsClosedByServerAsync(c, TimeSpan.FromSeconds(20)) ? 1 : 0));
            output.WriteLine($"slowloris connections closed by the server: {closed.Sum()} of {Slowloris}");
            Assert.Equal(Slowloris, closed.Sum());
        }
        finally
        {
            foreach (TcpClient client in slow)
            {
                client.Dispose();
            }
        }

        for (int i = 0; i < 20; i++)
        {
            Assert.StartsWith("sturdy from pid", (await hello.GetAsync()).Body, StringComparison.Ordinal);
        }

        long rssAfter = workers.Sum(ProcFs.RssKiB);
        output.WriteLine($"worker RSS (2 workers): before {rssBefore / 1024.0:F1} MiB, after {rssAfter / 1024.0:F1} MiB, growth {(rssAfter - rssBefore) / 1024.0:F1} MiB (bound {2 * RssGrowthBoundKiB / 1024} MiB)");

        // Nothing crashed: the same two workers, no exit logged, and the memory is bounded.
        Assert.Equal(workers, hello.Process.LiveChildren().Order());
        Assert.Empty(hello.Process.LinesWith("exited with status", skip));
        Assert.Empty(hello.Process.LinesWith("killed by signal", skip));
        Assert.True(rssAfter - rssBefore < 2 * RssGrowthBoundKiB, $"worker RSS grew by {(rssAfter - rssBefore) / 1024.0:F1} MiB");
    }

    [Fact]
    public async Task GarbageOnTheTlsPort_HttpsClientsStillAnswered_NoCrash_MemoryBounded()
    {
        string certificates = ServiceProcess.NewDirectory("oslo-chaos-tls-");
        try
        {
            var certificate = new SelfSignedCertificate(certificates);
            await using var hello = await HelloApi.StartAsync(workers: 2, greeting: "secure",
                extra: $"client_socket_timeout = 4\n[ssl]\ncert_file = {certificate.CertFile}\nkey_file = {certificate.KeyFile}");
            int[] workers = [.. hello.Process.LiveChildren().Order()];
            int skip = hello.Process.Lines.Count;
            for (int i = 0; i < 50; i++)
            {
                Assert.StartsWith("secure from pid", await HttpsGetAsync(hello.Port, certificate.Thumbprint), StringComparison.Ordinal);
            }

            long rssBefore = workers.Sum(ProcFs.RssKiB);
            var random = new Random(8);
            var hanging = new List<TcpClient>();
            try
            {
                for (int i = 0; i < 50; i++)
                {
                    byte[] noise = new byte[random.Next(1, 4096)];
                    random.NextBytes(noise);
                    // Random bytes, plaintext HTTP, and a TLS record header that promises a ClientHello and stops.
                    hanging.Add(await SendRawAsync(hello.Port, noise));
                    hanging.Add(await SendRawAsync(hello.Port, "GET / HTTP/1.1\r\nHost: hello\r\n\r\n"u8.ToArray()));
                    hanging.Add(await SendRawAsync(hello.Port, [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
                    hanging.Add(await SendRawAsync(hello.Port, []));
                }

                for (int i = 0; i < 20; i++)
                {
                    Assert.StartsWith("secure from pid", await HttpsGetAsync(hello.Port, certificate.Thumbprint), StringComparison.Ordinal);
                }

                output.WriteLine($"{hanging.Count} connections of garbage, plaintext, half handshakes and silence on the TLS port: HTTPS clients still answered");
            }
            finally
            {
                foreach (TcpClient client in hanging)
                {
                    client.Dispose();
                }
            }

            for (int i = 0; i < 20; i++)
            {
                Assert.StartsWith("secure from pid", await HttpsGetAsync(hello.Port, certificate.Thumbprint), StringComparison.Ordinal);
            }

            long rssAfter = workers.Sum(ProcFs.RssKiB);
            output.WriteLine($"worker RSS (2 workers): before {rssBefore / 1024.0:F1} MiB, after {rssAfter / 1024.0:F1} MiB, growth {(rssAfter - rssBefore) / 1024.0:F1} MiB (bound {2 * RssGrowthBoundKiB / 1024} MiB)");
            Assert.Equal(workers, hello.Process.LiveChildren().Order());
            Assert.Empty(hello.Process.LinesWith("exited with status", skip));
            Assert.Empty(hello.Process.LinesWith("killed by signal", skip));
            Assert.True(rssAfter - rssBefore < 2 * RssGrowthBoundKiB, $"worker RSS grew by {(rssAfter - rssBefore) / 1024.0:F1} MiB");
        }
        finally
        {
            Directory.Delete(certificates, recursive: true);
        }
    }

    /// <summary>Sends one hostile request; returns the response's status code as text, or "closed".</summary>
    private static async Task<string> SendHostileAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        NetworkStream stream = client.GetStream();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            // Latin-1, so the test's \u0000-\u00ff characters go out as those bytes.
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request), deadline.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (431 on a huge header block).
        }

        var head = new StringBuilder();
        byte[] buffer = new byte[4096];
        try
        {
            while (!head.ToString().Contains("\r\n", StringComparison.Ordinal))
            {
                int read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    break;
                }

                head.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
        }

        string text = head.ToString();
        return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? text.Split(' ')[1] : "closed";
    }

    private static async Task<TcpClient> SendRawAsync(int port, byte[] bytes)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        if (bytes.Length > 0)
        {
            await client.GetStream().WriteAsync(bytes);
        }

        return client;
    }

    private static async Task<bool> IsClosedByServerAsync(TcpClient client, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        byte[] buffer = new byte[1024];
        try
        {
            while (await client.GetStream().ReadAsync(buffer, deadline.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>GET / over TLS on a new connection, trusting only our certificate; returns the body.</summary>
    private static async Task<string> HttpsGetAsync(int port, string thumbprint)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(client.GetStream(), false, (_, cert, _, _) => cert is not null && string.Equals(cert.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, deadline.Token);
        // HTTP/1.0: the response is not chunked and the connection closes after it.
        await tls.WriteAsync("GET / HTTP/1.0\r\nHost: hello\r\n\r\n"u8.ToArray(), deadline.Token);
        using var reader = new StreamReader(tls, Encoding.UTF8);
        string response = await reader.ReadToEndAsync(deadline.Token);
        Assert.Matches(@"^HTTP/1\.[01] 200 ", response);
        return response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Trim();
    }
}
