using System.Net.Sockets;
using System.Text;

namespace Oslo.Service.ChaosTests.Infrastructure;

/// <summary>HTTP/1.1 by hand over a real socket, for what HttpClient hides (connection closes, raw limits).</summary>
internal sealed class RawHttp : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawHttp(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttp> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        return new RawHttp(client);
    }

    public Task SendAsync(string text) => _stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    /// <summary>Reads one response (headers and a Content-Length or chunked body), within the deadline.</summary>
    public async Task<(int Status, string Head, string Body)> ReadResponseAsync(TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(10));
        var buffer = new List<byte>();
        var one = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOf(buffer, "\r\n\r\n"u8)) < 0)
        {
            int n = await _stream.ReadAsync(one, cts.Token);
            if (n == 0)
            {
                throw new IOException("connection closed before a response");
            }

            buffer.AddRange(one.AsSpan(0, n).ToArray());
        }

        string head = Encoding.ASCII.GetString(buffer.GetRange(0, headEnd).ToArray());
        var bodyBytes = buffer.GetRange(headEnd + 4, buffer.Count - headEnd - 4);
        int status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        string? lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        bool chunked = head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
        if (lengthLine is not null)
        {
            int length = int.Parse(lengthLine.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            while (bodyBytes.Count < length)
            {
                int n = await _stream.ReadAsync(one, cts.Token);
                if (n == 0)
                {
                    break;
                }

                bodyBytes.AddRange(one.AsSpan(0, n).ToArray());
            }
        }
        else if (chunked)
        {
            while (IndexOf(bodyBytes, "0\r\n\r\n"u8) < 0)
            {
                int n = await _stream.ReadAsync(one, cts.Token);
                if (n == 0)
                {
                    break;
                }

                bodyBytes.AddRange(one.AsSpan(0, n).ToArray());
            }
        }

        string body = Encoding.UTF8.GetString(bodyBytes.ToArray());
        return (status, head, chunked ? Dechunk(body) : body);
    }

    /// <summary>True when the server closes the connection (read returns 0 or reset) within the deadline.</summary>
    public async Task<bool> IsClosedByServerWithinAsync(TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        var one = new byte[256];
        try
        {
            while (true)
            {
                int n = await _stream.ReadAsync(one, cts.Token);
                if (n == 0)
                {
                    return true;
                }
            }
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

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        int i = 0;
        while (i < body.Length)
        {
            int lineEnd = body.IndexOf("\r\n", i, StringComparison.Ordinal);
            int size = Convert.ToInt32(body[i..lineEnd], 16);
            if (size == 0)
            {
                break;
            }

            result.Append(body, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }

        return result.ToString();
    }

    private static int IndexOf(List<byte> haystack, ReadOnlySpan<byte> needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Count; i++)
        {
            bool match = true;
            for (int j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}
