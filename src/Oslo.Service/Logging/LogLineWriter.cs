using System.Collections.Concurrent;
using System.Text;

namespace Oslo.Service.Logging;

/// <summary>
/// Formats log records and writes their lines to a stream from one background thread, many lines per <c>write(2)</c>.
/// </summary>
/// <remarks>
/// <para>
/// A caller puts its record on a lock-free queue and returns: no lock is taken, no line is built and no thread is
/// woken per event. The writer thread formats what it drains into one buffer, writes it, then waits a millisecond so
/// the next batch gathers;
/// only when it finds the queue empty does it go to sleep, and then the next caller wakes it. Under load that is one
/// <c>write(2)</c> and at most one wake-up per millisecond instead of one of each per line, and threads that log at
/// once never wait on each other. Lines keep the order in which they were queued.
/// </para>
/// <para>
/// Past <see cref="MaxPendingChars"/> queued characters (a reader that does not keep up) the
/// <see cref="LogQueueFullMode"/> decides: <see cref="LogQueueFullMode.Wait"/> makes the caller wait until the writer
/// has caught up, as the built-in console provider's queue does in its default mode, but only while the reader takes
/// data: once one <c>write(2)</c> has been blocked for the stall timeout (a reader that stopped reading, such as
/// <c>| sleep infinity</c> or a paused pager), callers stop waiting and their lines are dropped until it reads again;
/// <see cref="LogQueueFullMode.DropWrite"/> drops at once. Dropped lines are counted and the count is written as one
/// line once the reader takes data again. If the stream fails (its reader has gone), lines are discarded from then on
/// and the callers carry on.
/// </para>
/// <para>
/// Nothing on an exit path waits on the reader without a bound: <see cref="Flush"/> and <see cref="Dispose"/> give up
/// after the flush timeout (1.5 s by default, as the built-in console provider), and a line logged after a
/// <see cref="Dispose"/> that gave up is dropped.
/// </para>
/// </remarks>
internal sealed class LogLineWriter : IDisposable
{
    /// <summary>Characters queued and not yet written past which callers wait.</summary>
    internal const int MaxPendingChars = 1 << 20;

    private const int BatchBytes = 64 * 1024;
    private static readonly TimeSpan s_gatherTime = TimeSpan.FromMilliseconds(1);

    private readonly Stream _output;
    private readonly SingleLineFormat _format;
    private readonly LogQueueFullMode _mode;
    private readonly TimeSpan _stallTimeout;
    private readonly TimeSpan _flushTimeout;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<LogRecord> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly object _drained = new();
    // Held by the writer thread while it drains, and by callers that write directly after Dispose: the batch buffer
    // and the stream are used by one thread at a time.
    private readonly object _writeGate = new();
    private readonly Thread _thread;
    private readonly byte[] _batch = new byte[BatchBytes];
    private char[] _line = new char[1024];
    private long _pendingChars;
    private int _sleeping;
    private int _waitingCallers;
    private long _dropped;
    // The timestamp at which the write(2) in progress began; 0 while the writer is not inside one.
    private long _writeStartedAt;
    private volatile bool _stopping;
    private volatile bool _stopped;
    private volatile bool _broken;
    private volatile bool _abandoned;

    /// <summary>Starts the writer thread.</summary>
    /// <param name="output">Where the lines go; written from the writer thread only, and flushed after each batch.</param>
    /// <param name="format">How a record becomes a line.</param>
    /// <param name="options">The queue-full mode, stall and flush timeouts; defaults when null.</param>
    /// <param name="time">The clock that measures stalls; the system's when null.</param>
    internal LogLineWriter(Stream output, SingleLineFormat format, OsloConsoleLoggerOptions? options = null, TimeProvider? time = null)
    {
        options ??= new OsloConsoleLoggerOptions();
        _output = output;
        _format = format;
        _mode = options.QueueFullMode;
        _stallTimeout = options.StallTimeout;
        _flushTimeout = options.FlushTimeout;
        _time = time ?? TimeProvider.System;
        _thread = new Thread(Run) { IsBackground = true, Name = "oslo log writer" };
        _thread.Start();
    }

    /// <summary>Callers waiting for the writer to catch up (for tests).</summary>
    internal int WaitingCallers => Volatile.Read(ref _waitingCallers);

    /// <summary>Characters queued and not yet written (for tests).</summary>
    internal long PendingChars => Interlocked.Read(ref _pendingChars);

    /// <summary>Lines dropped and not yet reported (for tests).</summary>
    internal long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Whether one <c>write(2)</c> has been blocked for longer than the stall timeout.</summary>
    private bool Stalled =>
        Volatile.Read(ref _writeStartedAt) is var started and not 0 && _time.GetElapsedTime(started) > _stallTimeout;

    /// <summary>Queues one record.</summary>
    internal void Write(in LogRecord record)
    {
        if (_broken)
        {
            return;
        }

        if (_stopped)
        {
            // After Dispose (a line from a ProcessExit handler, say): written by the caller itself.
            lock (_writeGate)
            {
                WriteBatch(Encode(record, 0));
            }

            return;
        }

        if (_stopping)
        {
            if (_abandoned || Stalled)
            {
                // Dispose gave up on a stalled reader (or is about to): the writer thread may never run again.
                Interlocked.Increment(ref _dropped);
                return;
            }

            // The writer's last drain takes it; an exit path does not wait for room.
            Interlocked.Add(ref _pendingChars, record.MaxLength);
            _queue.Enqueue(record);
            WakeWriter();
            return;
        }

        int length = record.MaxLength;
        if (Interlocked.Add(ref _pendingChars, length) > MaxPendingChars
            && (_mode == LogQueueFullMode.DropWrite || Stalled || !WaitForWriter(length)))
        {
            Interlocked.Add(ref _pendingChars, -length);
            Interlocked.Increment(ref _dropped);
            return;
        }

        _queue.Enqueue(record);
        WakeWriter();
    }

    /// <summary>
    /// Returns once every line queued before the call has been written, the stream has failed, or the flush timeout
    /// has passed (a stalled reader); true when everything was written.
    /// </summary>
    internal bool Flush()
    {
        if (_stopped || _broken || _stopping)
        {
            return _stopped || _broken;
        }

        var marker = new ManualResetEventSlim();
        _queue.Enqueue(new LogRecord(default, default, "", 0, null, null, marker));
        WakeWriter();
        long started = _time.GetTimestamp();
        while (!marker.Wait(TimeSpan.FromMilliseconds(50)) && !_stopped && !_broken)
        {
            if (_time.GetElapsedTime(started) >= _flushTimeout)
            {
                // Not disposed: the writer sets it when (if ever) the reader takes the lines before it.
                return false;
            }
        }

        marker.Dispose();
        return true;
    }

    /// <summary>
    /// Writes what is queued and stops the writer thread; gives up after the flush timeout when the reader does not
    /// take the lines (the thread is a background thread and does not keep the process alive).
    /// </summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _wake.Release();
        // The writer drains the queue before it returns, unless a write(2) blocks on a stalled reader.
        if (_thread.Join(_flushTimeout))
        {
            _wake.Dispose();
        }
        else
        {
            _abandoned = true;
        }
    }

    private void WakeWriter()
    {
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Release();
        }
    }

    /// <summary>Waits for room in the queue; false when the reader stalled or the writer is stopping instead.</summary>
    private bool WaitForWriter(int ownLength)
    {
        lock (_drained)
        {
            _waitingCallers++;
            try
            {
                // Counted without this caller's own line, which is not queued yet (and may alone exceed the cap).
                while (Interlocked.Read(ref _pendingChars) - ownLength > MaxPendingChars && !_broken && !_stopped)
                {
                    if (_stopping || Stalled)
                    {
                        return false;
                    }

                    WakeWriter();
                    Monitor.Wait(_drained, TimeSpan.FromMilliseconds(100));
                }

                return true;
            }
            finally
            {
                _waitingCallers--;
            }
        }
    }

    private void Run()
    {
        while (true)
        {
            if (_queue.IsEmpty)
            {
                if (_stopping)
                {
                    break;
                }

                // Announce the sleep, then look again: a line queued in between either is seen here or wakes us.
                Volatile.Write(ref _sleeping, 1);
                if (_queue.IsEmpty && !_stopping)
                {
                    _wake.Wait();
                }

                Volatile.Write(ref _sleeping, 0);
                continue;
            }

            Drain();
            if (!_stopping)
            {
                // Let the next batch gather: under load this turns one write(2) per line into one per millisecond;
                // an idle service's line waits at most this long.
                Thread.Sleep(s_gatherTime);
            }
        }

        lock (_writeGate)
        {
            _stopped = true;
            Drain();
        }

        lock (_drained)
        {
            Monitor.PulseAll(_drained);
        }
    }

    /// <summary>Writes every queued record, in batches, and releases the flush markers met on the way.</summary>
    private void Drain()
    {
        int length = 0;
        long chars = 0;
        // The reader took the previous batch: it reads again, so it is told what it missed.
        length = ReportDropped(length);

        while (_queue.TryDequeue(out LogRecord record))
        {
            if (record.FlushMarker is { } marker)
            {
                // Lines dropped while this drain's first write was blocked are reported before a flush returns.
                WriteBatch(ReportDropped(length));
                length = 0;
                try
                {
                    marker.Set();
                }
                catch (ObjectDisposedException)
                {
                    // Its Flush stopped waiting (the writer was being disposed) and disposed it.
                }

                continue;
            }

            int most = record.MaxLength;
            chars += most;
            if (length + (most * 3) > BatchBytes)
            {
                WriteBatch(length);
                length = 0;
            }

            length = Encode(record, length);
        }

        WriteBatch(length);
        if (Interlocked.Add(ref _pendingChars, -chars) <= MaxPendingChars && Volatile.Read(ref _waitingCallers) > 0)
        {
            lock (_drained)
            {
                Monitor.PulseAll(_drained);
            }
        }
    }

    /// <summary>Formats the record's line and appends its UTF-8 bytes to the batch at <paramref name="at"/>, written
    /// out first where it does not fit; returns the batch's new length.</summary>
    private int Encode(in LogRecord record, int at)
    {
        int most = record.MaxLength;
        if (_line.Length < most)
        {
            _line = new char[Math.Max(most, _line.Length * 2)];
        }

        ReadOnlySpan<char> line = _line.AsSpan(0, _format.Format(record, _line));
        if (at + Encoding.UTF8.GetMaxByteCount(line.Length) <= BatchBytes)
        {
            return at + Encoding.UTF8.GetBytes(line, _batch.AsSpan(at));
        }

        // A line longer than a batch (a long exception, say): written on its own.
        WriteBatch(at);
        Write(Encoding.UTF8.GetBytes(line.ToArray()));
        return 0;
    }

    /// <summary>Appends the "N log lines dropped" line when lines were dropped since the last report.</summary>
    private int ReportDropped(int at) =>
        Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0 ? Encode(DroppedRecord(dropped), at) : at;

    private LogRecord DroppedRecord(long dropped) => new(
        _time.GetLocalNow(), Microsoft.Extensions.Logging.LogLevel.Warning, "Oslo.Service.Logging", 1950,
        $"{dropped} log lines dropped: the reader of the log did not keep up (a full queue of {MaxPendingChars} characters and a write blocked for more than {_stallTimeout.TotalSeconds:0.#} s, or queue-full mode DropWrite)",
        null);

    private void WriteBatch(int length)
    {
        if (length > 0)
        {
            Write(_batch.AsSpan(0, length));
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (_broken)
        {
            return;
        }

        Volatile.Write(ref _writeStartedAt, Math.Max(1, _time.GetTimestamp()));
        try
        {
            _output.Write(bytes);
            _output.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The reader went away (EPIPE) or the disk is full: logging stops, the service does not.
            _broken = true;
        }
        finally
        {
            Volatile.Write(ref _writeStartedAt, 0);
        }
    }
}
