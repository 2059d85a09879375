using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

using Oslo.Service.Logging;

using Xunit;

namespace Oslo.Service.Tests.Logging;

public sealed class OsloConsoleLoggerProviderTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public void Log_MessageOverLines_OneLineAsSimpleConsole()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 17, 50, 5, 768, TimeSpan.Zero));
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var output = new MemoryStream();
        using (var provider = new OsloConsoleLoggerProvider(output, colors: false, time))
        {
            provider.CreateLogger("Oslo.Service.Launching").Log(LogLevel.Information, new EventId(4002), "Child 42 exited\nwith status 3", null, (s, _) => s);
        }

        Assert.Equal("2026-11-25 17:50:05.768 info: Oslo.Service.Launching[4002] Child 42 exited with status 3\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void Log_TimestampAcrossSeconds_MillisecondsAndSecondsBoth()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 23, 59, 59, 998, TimeSpan.Zero));
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var output = new MemoryStream();
        using (var provider = new OsloConsoleLoggerProvider(output, colors: false, time))
        {
            ILogger logger = provider.CreateLogger("c");
            logger.Log(LogLevel.Information, default, "a", null, (s, _) => s);
            time.Advance(TimeSpan.FromMilliseconds(3));
            logger.Log(LogLevel.Information, default, "b", null, (s, _) => s);
        }

        Assert.Equal(
            "2026-11-25 23:59:59.998 info: c[0] a\n2026-11-26 00:00:00.001 info: c[0] b\n",
            Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void Log_Exception_AppendedOnTheSameLine()
    {
        string text = LogOne(colors: false, LogLevel.Error, "Reload failed", new InvalidOperationException("broken\nconfig"));

        Assert.Contains(" fail: Oslo.Service.Launching[4002] Reload failed System.InvalidOperationException: broken config", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(LogLevel.Information, "\x1B[40m\x1B[32minfo\x1B[39m\x1B[22m\x1B[49m: ")]
    [InlineData(LogLevel.Warning, "\x1B[40m\x1B[1m\x1B[33mwarn\x1B[39m\x1B[22m\x1B[49m: ")]
    [InlineData(LogLevel.Error, "\x1B[41m\x1B[30mfail\x1B[39m\x1B[22m\x1B[49m: ")]
    public void Log_Colors_LevelColouredAsSimpleConsole(LogLevel level, string expected)
    {
        Assert.Contains(expected, LogOne(colors: true, level, "m", null), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_NonAscii_WrittenAsUtf8()
    {
        Assert.EndsWith(" info: Oslo.Service.Launching[4002] grüße – 你好\n", LogOne(colors: false, LogLevel.Information, "grüße – 你好", null), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateLoggerFactory_BelowMinimum_Filtered()
    {
        using ILoggerFactory factory = DefaultLogging.CreateLoggerFactory(LogLevel.Warning);
        ILogger logger = factory.CreateLogger("x");

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task Log_ManyThreads_EveryLineWholeAndInEachThreadsOrder()
    {
        const int Threads = 4;
        const int Lines = 20_000;
        var output = new MemoryStream();
        using (var provider = new OsloConsoleLoggerProvider(output, colors: false, TimeProvider.System))
        {
            ILogger logger = provider.CreateLogger("load");
            await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
            {
                for (int i = 0; i < Lines; i++)
                {
                    logger.Log(LogLevel.Information, default, $"t{t} n{i} {new string('x', i % 300)}", null, (s, _) => s);
                }
            })));
        }

        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Threads * Lines, lines.Length);
        var next = new int[Threads];
        var shape = new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} info: load\[0\] t(\d) n(\d+) x*$");
        foreach (string line in lines)
        {
            Match m = shape.Match(line);
            Assert.True(m.Success, line);
            int thread = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.Equal(next[thread]++, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Write_ReaderStalls_CallersWaitAtTheCapAndNothingIsLost()
    {
        using var gate = new ManualResetEventSlim();
        var output = new GatedStream(gate);
        const int Lines = 30_000;
        string padding = new('y', 100);
        long maxPending = 0;
        using var writer = new LogLineWriter(output);
        Task producer = Task.Run(() =>
        {
            for (int i = 0; i < Lines; i++)
            {
                writer.Write($"{i} {padding}\n");
                maxPending = Math.Max(maxPending, writer.PendingChars);
            }
        });

        // 30,000 lines of ~106 characters are three million: the producer must come to wait for the stalled reader.
        Assert.True(SpinWait.SpinUntil(() => writer.WaitingCallers > 0 || producer.IsCompleted, s_deadline));
        Assert.False(producer.IsCompleted);
        gate.Set();
        await producer.WaitAsync(s_deadline);
        writer.Flush();

        Assert.InRange(maxPending, 1, LogLineWriter.MaxPendingChars + 200);
        string[] lines = Encoding.UTF8.GetString(output.Written()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, Lines).Select(i => $"{i} {padding}"), lines);
    }

    [Fact]
    public void Write_StreamFails_CallersCarryOn()
    {
        using var writer = new LogLineWriter(new FailingStream());
        for (int i = 0; i < 10_000; i++)
        {
            writer.Write($"line {i} {new string('z', 200)}\n");
        }

        writer.Flush();
        Assert.Equal(0, writer.PendingChars);
    }

    [Fact]
    public void Write_AfterDispose_WrittenByTheCaller()
    {
        var output = new MemoryStream();
        var writer = new LogLineWriter(output);
        writer.Write("before\n");
        writer.Dispose();

        writer.Write("after\n");

        Assert.Equal("before\nafter\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    private static string LogOne(bool colors, LogLevel level, string message, Exception? exception)
    {
        var output = new MemoryStream();
        using (var provider = new OsloConsoleLoggerProvider(output, colors, TimeProvider.System))
        {
            provider.CreateLogger("Oslo.Service.Launching").Log(level, new EventId(4002), message, exception, (s, _) => s);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>A stream whose writes block until the gate opens, as a pipe whose reader has stopped reading.</summary>
    private sealed class GatedStream(ManualResetEventSlim gate) : WriteOnlyStream
    {
        private readonly MemoryStream _inner = new();
        private readonly Lock _lock = new();

        public byte[] Written()
        {
            lock (_lock)
            {
                return _inner.ToArray();
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            gate.Wait();
            lock (_lock)
            {
                _inner.Write(buffer, offset, count);
            }
        }
    }

    /// <summary>A stream whose reader has gone: every write fails as with EPIPE.</summary>
    private sealed class FailingStream : WriteOnlyStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("Broken pipe");
    }

    private abstract class WriteOnlyStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
