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
/// Lines are never dropped: past <see cref="MaxPendingChars"/> queued characters (a reader that does not keep up), a
/// caller waits until the writer has caught up, as the built-in console provider's queue does in its default mode. If
/// the stream fails (its reader has gone), lines are discarded from then on and the callers carry on.
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
    private volatile bool _stopping;
    private volatile bool _stopped;
    private volatile bool _broken;

    /// <summary>Starts the writer thread.</summary>
    /// <param name="output">Where the lines go; written from the writer thread only, and flushed after each batch.</param>
    /// <param name="format">How a record becomes a line.</param>
    internal LogLineWriter(Stream output, SingleLineFormat format)
    {
        _output = output;
        _format = format;
        _thread = new Thread(Run) { IsBackground = true, Name = "oslo log writer" };
        _thread.Start();
    }

    /// <summary>Callers waiting for the writer to catch up (for tests).</summary>
    internal int WaitingCallers => Volatile.Read(ref _waitingCallers);

    /// <summary>Characters queued and not yet written (for tests).</summary>
    internal long PendingChars => Interlocked.Read(ref _pendingChars);

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

        int length = record.MaxLength;
        if (Interlocked.Add(ref _pendingChars, length) > MaxPendingChars)
        {
            WaitForWriter(length);
        }

        _queue.Enqueue(record);
        WakeWriter();
    }

    /// <summary>Returns once every line queued before the call has been written (or the stream has failed).</summary>
    internal void Flush()
    {
        if (_stopped || _broken)
        {
            return;
        }

        using var marker = new ManualResetEventSlim();
        _queue.Enqueue(new LogRecord(default, default, "", 0, null, null, marker));
        WakeWriter();
        while (!marker.Wait(TimeSpan.FromMilliseconds(100)) && !_stopped && !_broken)
        {
        }
    }

    /// <summary>Writes what is queued and stops the writer thread.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _wake.Release();
        // The writer drains the queue before it returns.
        _thread.Join();
        _wake.Dispose();
    }

    private void WakeWriter()
    {
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Release();
        }
    }

    private void WaitForWriter(int ownLength)
    {
        lock (_drained)
        {
            _waitingCallers++;
            // Counted without this caller's own line, which is not queued yet (and may alone exceed the cap).
            while (Interlocked.Read(ref _pendingChars) - ownLength > MaxPendingChars && !_broken && !_stopped)
            {
                WakeWriter();
                Monitor.Wait(_drained, TimeSpan.FromMilliseconds(100));
            }

            _waitingCallers--;
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
        while (_queue.TryDequeue(out LogRecord record))
        {
            if (record.FlushMarker is { } marker)
            {
                WriteBatch(length);
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
    }
}
