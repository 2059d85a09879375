using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

using Microsoft.AspNetCore.Http;

using Oslo.Service.Wsgi.Tests.Support;

namespace Oslo.Service.Wsgi.Tests.Server;

/// <summary>
/// What a hostile client or a careless umask can do to the server's outputs: terminal escapes in the access log, and a
/// Unix socket reachable before its mode is set.
/// </summary>
public sealed class HardeningTests
{
    private static readonly RequestDelegate s_hello = ctx => ctx.Response.WriteAsync("hello");

    [Fact]
    public async Task AccessLog_ControlBytesInTheRequestLine_EscapedAsPythonsHttpServer()
    {
        var logs = new ListLoggerFactory();
        await using var server = new Wsgi.Server(TestConf.Create(), "test", (RequestDelegate)s_hello, new ServerOptions { Host = "127.0.0.1", Port = 0 }, loggerFactory: logs);
        await server.StartAsync();

        // Raw bytes on the wire: ESC (a terminal's "clear screen"), DEL, and U+009B (the one-byte CSI) in UTF-8.
        byte[][] requests =
        [
            [.. "GET /a"u8, 0x1B, .. "[2Jb HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8],
            [.. "GET /c"u8, 0x7F, .. "d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8],
            [.. "GET /e"u8, 0xC2, 0x9B, .. "31mf HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8],
            [.. "GET /g\\x1b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8],
        ];
        foreach (byte[] request in requests)
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", server.Port);
            await client.GetStream().WriteAsync(request);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            byte[] buffer = new byte[4096];
            while (await client.GetStream().ReadAsync(buffer, deadline.Token) > 0)
            {
            }
        }

        string[] lines = [.. logs.Lines.Select(l => l.Message)];
        Assert.DoesNotContain(lines, l => l.Any(c => c < 0x20 || c is >= '\u007f' and <= '\u009f'));
        string access = string.Join('\n', logs.MessagesOf("eventlet.wsgi.server"));
        // Escaped as \xHH, and a backslash doubled, so that an escape cannot be forged by sending its text.
        Assert.Contains("\"GET /a\\x1b[2Jb HTTP/1.1\"", access, StringComparison.Ordinal);
        Assert.Contains("\"GET /g\\\\x1b HTTP/1.1\"", access, StringComparison.Ordinal);
    }

    [Fact]
    public void UnixSocket_ModeIsSetBeforeListen()
    {
        // strace sees the order of the system calls: the chmod must come before listen(), or a client can connect
        // (and be queued) while the socket still has the umask's mode.
        string directory = Directory.CreateTempSubdirectory("oslo-unix-mode-").FullName;
        try
        {
            string socket = Path.Combine(directory, "api.sock");
            string trace = Path.Combine(directory, "trace");
            var info = new ProcessStartInfo("strace")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { "-f", "-o", trace, "-e", "trace=bind,listen,chmod,fchmod,fchmodat", "dotnet", "exec", typeof(HardeningTests).Assembly.Location, UnixSocketChild.Verb, socket, "600" })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            string stdout = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(60_000), "the child did not exit");
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("mode 600", stdout, StringComparison.Ordinal);

            // The runtime's own diagnostics socket is bound and listened on too: follow our socket's descriptor.
            string[] calls = File.ReadAllLines(trace);
            string bind = calls.FirstOrDefault(l => l.Contains(" bind(", StringComparison.Ordinal) && l.Contains(socket, StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException("no bind() of the socket:\n" + string.Join('\n', calls));
            string fd = bind[(bind.IndexOf(" bind(", StringComparison.Ordinal) + 6)..bind.IndexOf(',', StringComparison.Ordinal)];
            int chmod = Array.FindIndex(calls, l => l.Contains("chmod", StringComparison.Ordinal) && l.Contains(socket, StringComparison.Ordinal) && l.Contains("0600", StringComparison.Ordinal));
            int listen = Array.FindIndex(calls, l => l.Contains($" listen({fd},", StringComparison.Ordinal));
            Assert.True(chmod >= 0, "no chmod of the socket:\n" + string.Join('\n', calls));
            Assert.True(listen >= 0, "no listen():\n" + string.Join('\n', calls));
            Assert.True(chmod < listen, "listen() came before the chmod:\n" + string.Join('\n', calls));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
