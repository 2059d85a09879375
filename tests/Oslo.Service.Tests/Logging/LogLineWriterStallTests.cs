using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

using Oslo.Service.Logging;

using Xunit;

namespace Oslo.Service.Tests.Logging;

/// <summary>
/// A reader of standard output that stops reading (<c>| sleep infinity</c>): callers stop waiting once it is taken
/// as stalled, DropWrite never waits, dropped lines are counted and reported when it reads again, and flush and
/// dispose give up after the flush timeout.
/// </summary>
public sealed partial class LogLineWriterStallTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(20);
    private static readonly string s_padding = new('y', 100);

    [Fact]
    public async Task Write_DropWriteAndAStalledReader_NeverWaits_DropsAreCountedAndReportedWhenItReadsAgain()
    {
        using var gate = new ManualResetEventSlim();
        var output = new GatedStream(gate);
        var time = new FakeTimeProvider();
        using var writer = new LogLineWriter(output, new SingleLineFormat(colors: false), new OsloConsoleLoggerOptions { QueueFullMode = LogQueueFullMode.DropWrite }, time);
        const int Lines = 30_000;

        // Six million characters against a 1 MiB queue and a reader that takes nothing: the caller never waits.
        Task producer = Task.Run(() =>
        {
            for (int i = 0; i < Lines; i++)
            {
                writer.Write(Record($"{i} {s_padding}"));
            }
        });
        await producer.WaitAsync(s_deadline); // a DropWrite caller never waits for the stalled reader
        Assert.Equal(0, writer.WaitingCallers);
        long dropped = writer.Dropped;
        Assert.True(dropped > 0);

        gate.Set();
        Assert.True(writer.Flush());
        writer.Write(Record("after"));
        Assert.True(writer.Flush());

        string[] lines = Encoding.UTF8.GetString(output.Written()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Drops can come in more than one stretch (the writer may get a first batch out before the reader stalls),
        // and each stretch is reported once when the reader takes lines again: together they count every drop.
        Match[] reports = [.. lines.Select(l => DroppedLine().Match(l)).Where(m => m.Success)];
        Assert.NotEmpty(reports);
        int reported = reports.Sum(r => int.Parse(r.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Lines, lines.Count(l => l.Contains(s_padding, StringComparison.Ordinal)) + reported);
        Assert.EndsWith(" after", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_WaitMode_CallersWaitUntilTheReaderIsStalled_ThenDrop()
    {
        using var gate = new ManualResetEventSlim();
        var output = new GatedStream(gate);
        var time = new FakeTimeProvider();
        using var writer = new LogLineWriter(output, new SingleLineFormat(colors: false), new OsloConsoleLoggerOptions { StallTimeout = TimeSpan.FromSeconds(10) }, time);
        Task producer = Task.Run(() =>
        {
            for (int i = 0; i < 30_000; i++)
            {
                writer.Write(Record($"{i} {s_padding}"));
            }
        });

        // The caller waits for the reader, as in the default mode of the built-in provider...
        Assert.True(SpinWait.SpinUntil(() => writer.WaitingCallers > 0 && output.Blocked, s_deadline));
        Assert.False(producer.IsCompleted);

        // ...until one write has been blocked for the stall timeout: then it and the callers after it drop.
        time.Advance(TimeSpan.FromSeconds(11));
        await producer.WaitAsync(s_deadline); // callers no longer wait on the stalled reader
        Assert.True(writer.Dropped > 0);
        gate.Set();
        Assert.True(writer.Flush());
        Assert.Contains(Encoding.UTF8.GetString(output.Written()).Split('\n'), l => DroppedLine().IsMatch(l));
    }

    [Fact]
    public async Task FlushAndDispose_ReaderStalled_GiveUpAfterTheFlushTimeout()
    {
        using var gate = new ManualResetEventSlim();
        var output = new GatedStream(gate);
        var time = new FakeTimeProvider();
        var writer = new LogLineWriter(output, new SingleLineFormat(colors: false), new OsloConsoleLoggerOptions { FlushTimeout = TimeSpan.FromMilliseconds(300) }, time);
        writer.Write(Record("blocked in write(2)"));
        Assert.True(SpinWait.SpinUntil(() => output.Blocked, s_deadline));

        Task<bool> flush = Task.Run(writer.Flush);
        Assert.NotSame(flush, await Task.WhenAny(flush, Task.Delay(TimeSpan.FromMilliseconds(200))));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await flush.WaitAsync(s_deadline));

        // Dispose joins the writer thread for at most the flush timeout (on the real clock: a thread join).
        var watch = Stopwatch.StartNew();
        writer.Dispose();
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));

        // After a dispose that gave up, a line is dropped, not written by the caller into the stalled stream.
        Task late = Task.Run(() => writer.Write(Record("late")));
        await late.WaitAsync(s_deadline);
        gate.Set();
    }

    [Fact]
    public void Options_OutOfRange_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OsloConsoleLoggerOptions { StallTimeout = TimeSpan.FromMilliseconds(10) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OsloConsoleLoggerOptions { FlushTimeout = TimeSpan.FromSeconds(-1) });
    }

    private static LogRecord Record(string message) =>
        new(new DateTimeOffset(2026, 11, 25, 17, 50, 5, 768, TimeSpan.Zero), LogLevel.Information, "test", 7, message, null);

    [GeneratedRegex(@"warn: Oslo\.Service\.Logging\[1950\] (\d+) log lines dropped")]
    private static partial Regex DroppedLine();

    /// <summary>A stream whose writes block until the gate opens, as a pipe whose reader has stopped reading.</summary>
    private sealed class GatedStream(ManualResetEventSlim gate) : Stream
    {
        private readonly MemoryStream _inner = new();
        private readonly Lock _lock = new();
        private volatile bool _blocked;

        public bool Blocked => _blocked;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public byte[] Written()
        {
            lock (_lock)
            {
                return _inner.ToArray();
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _blocked = !gate.IsSet;
            gate.Wait();
            _blocked = false;
            lock (_lock)
            {
                _inner.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
