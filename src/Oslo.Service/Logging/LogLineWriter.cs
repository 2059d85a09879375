using System.Collections.Concurrent;
using System.Text;

namespace Oslo.Service.Logging;

/// <summary>
/// Writes whole log lines to a stream from one background thread, many lines per <c>write(2)</c>.
/// </summary>
/// <remarks>
/// <para>
/// A caller puts its finished line on a lock-free queue and returns: no lock is taken and no thread is woken per line.
/// The writer thread drains the queue into one buffer, writes it, then waits a millisecond so the next batch gathers;
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
    private readonly ConcurrentQueue<object> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly object _drained = new();
    private readonly object _writeGate = new();
    private readonly Thread _thread;
    private readonly byte[] _batch = new byte[BatchBytes];
    private long _pendingChars;
    private int _sleeping;
    private int _waitingCallers;
    private volatile bool _stopping;
    private volatile bool _stopped;
    private volatile bool _broken;

    /// <summary>Starts the writer thread.</summary>
    /// <param name="output">Where the lines go; written from the writer thread only, and flushed after each batch.</param>
    internal LogLineWriter(Stream output)
    {
        _output = output;
        _thread = new Thread(Run) { IsBackground = true, Name = "oslo log writer" };
        _thread.Start();
    }

    /// <summary>Callers waiting for the writer to catch up (for tests).</summary>
    internal int WaitingCallers => Volatile.Read(ref _waitingCallers);

    /// <summary>Characters queued and not yet written (for tests).</summary>
    internal long PendingChars => Interlocked.Read(ref _pendingChars);

    /// <summary>Queues one line, which must end with its newline.</summary>
    internal void Write(string line)
    {
        if (_broken)
        {
            return;
        }

        if (_stopped)
        {
            // After Dispose (a line from a ProcessExit handler, say): written by the caller itself.
            WriteDirect(line);
            return;
        }

        if (Interlocked.Add(ref _pendingChars, line.Length) > MaxPendingChars)
        {
            WaitForWriter(line.Length);
        }

        _queue.Enqueue(line);
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
        _queue.Enqueue(marker);
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

        _stopped = true;
        Drain();
        lock (_drained)
        {
            Monitor.PulseAll(_drained);
        }
    }

    /// <summary>Writes every queued line, in batches, and releases the flush markers met on the way.</summary>
    private void Drain()
    {
        int length = 0;
        long chars = 0;
        while (_queue.TryDequeue(out object? item))
        {
            if (item is ManualResetEventSlim marker)
            {
                WriteBatch(length);
                length = 0;
                marker.Set();
                continue;
            }

            string line = (string)item;
            chars += line.Length;
            if (length + Encoding.UTF8.GetMaxByteCount(line.Length) > BatchBytes)
            {
                WriteBatch(length);
                length = 0;
                if (Encoding.UTF8.GetMaxByteCount(line.Length) > BatchBytes)
                {
                    WriteDirect(line);
                    continue;
                }
            }

            length += Encoding.UTF8.GetBytes(line, _batch.AsSpan(length));
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

    private void WriteBatch(int length)
    {
        if (length > 0)
        {
            Write(_batch.AsSpan(0, length));
        }
    }

    private void WriteDirect(string line) => Write(Encoding.UTF8.GetBytes(line));

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (_broken)
        {
            return;
        }

        try
        {
            lock (_writeGate)
            {
                _output.Write(bytes);
                _output.Flush();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The reader went away (EPIPE) or the disk is full: logging stops, the service does not.
            _broken = true;
        }
    }
}
