using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Oslo.Service.Wsgi.Tests.Functional;

/// <summary>
/// #13's accept balance on the wsgi <c>Server</c> path, real processes: a burst of 64 keep-alive connections to
/// HelloApi's 2 workers is split evenly, not by the race for the shared socket. Five bursts, each from scratch.
/// </summary>
[Collection("HelloApi processes")]
public sealed partial class ConnectionBalanceTests
{
    private const int Connections = 64;

    // Even is 32 each; see the ASP.NET Core test of the same name for the slack.
    private const int Slack = 10;

    [Fact]
    public async Task TwoWorkers_BurstOf64KeepAliveConnections_SplitEvenly()
    {
        await using var hello = await HelloApiProcess.StartAsync(workers: 2, greeting: "hi");
        for (int burst = 1; burst <= 5; burst++)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Socket[] sockets = await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, hello.Port), deadline.Token);
                return socket;
            }));
            try
            {
                string[] pids = await Task.WhenAll(sockets.Select(socket => PidOfAsync(socket, deadline.Token)));
                Dictionary<string, int> split = pids.GroupBy(pid => pid).ToDictionary(group => group.Key, group => group.Count());
                string shown = string.Join('/', split.Values);
                Assert.True(split.Count == 2, $"burst {burst}: connections by pid {shown}");
                Assert.All(split.Values, count => Assert.True(
                    Math.Abs(count - (Connections / 2)) <= Slack, $"burst {burst}: connections by pid {shown}, each should be {Connections / 2} ± {Slack}"));
            }
            finally
            {
                foreach (Socket socket in sockets)
                {
                    socket.Dispose();
                }
            }

            // Only so that the next burst does not start while this one is being torn down.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        hello.Signal(Signals.SIGTERM);
        Assert.Equal(0, await hello.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    // One keep-alive GET; the body names the worker's pid.
    private static async Task<string> PidOfAsync(Socket socket, CancellationToken cancellationToken)
    {
        await socket.SendAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray(), cancellationToken);
        var text = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (true)
        {
            int read = await socket.ReceiveAsync(buffer, cancellationToken);
            Assert.True(read > 0, $"closed before the answer: {text}");
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            if (PidField().Match(text.ToString()) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }
    }

    [GeneratedRegex(@"from pid (\d+), worker")]
    private static partial Regex PidField();
}
